var Bi=Object.create;var Ht=Object.defineProperty;var Si=Object.getOwnPropertyDescriptor;var Ii=Object.getOwnPropertyNames;var Mi=Object.getPrototypeOf,Pi=Object.prototype.hasOwnProperty;var er=(n,t,e)=>()=>{if(e)throw e[0];try{return n&&(t=n(n=0)),t}catch(s){throw e=[s],s}};var F=(n,t)=>()=>{try{return t||n((t={exports:{}}).exports,t),t.exports}catch(e){throw t=0,e}};var Ti=(n,t,e,s)=>{if(t&&typeof t=="object"||typeof t=="function")for(let r of Ii(t))!Pi.call(n,r)&&r!==e&&Ht(n,r,{get:()=>t[r],enumerable:!(s=Si(t,r))||s.enumerable});return n};var tr=(n,t,e)=>(e=n!=null?Bi(Mi(n)):{},Ti(t||!n||!n.__esModule?Ht(e,"default",{value:n,enumerable:!0}):e,n));var ir=F(at=>{"use strict";E();v();at.byteLength=Oi;at.toByteArray=qi;at.fromByteArray=Ci;var ae=[],ie=[],Ni=typeof Uint8Array<"u"?Uint8Array:Array,Et="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";for(Ee=0,rr=Et.length;Ee<rr;++Ee)ae[Ee]=Et[Ee],ie[Et.charCodeAt(Ee)]=Ee;var Ee,rr;ie[45]=62;ie[95]=63;function nr(n){var t=n.length;if(t%4>0)throw new Error("Invalid string. Length must be a multiple of 4");var e=n.indexOf("=");e===-1&&(e=t);var s=e===t?0:4-e%4;return[e,s]}function Oi(n){var t=nr(n),e=t[0],s=t[1];return(e+s)*3/4-s}function Fi(n,t,e){return(t+e)*3/4-e}function qi(n){var t,e=nr(n),s=e[0],r=e[1],i=new Ni(Fi(n,s,r)),o=0,a=r>0?s-4:s,c;for(c=0;c<a;c+=4)t=ie[n.charCodeAt(c)]<<18|ie[n.charCodeAt(c+1)]<<12|ie[n.charCodeAt(c+2)]<<6|ie[n.charCodeAt(c+3)],i[o++]=t>>16&255,i[o++]=t>>8&255,i[o++]=t&255;return r===2&&(t=ie[n.charCodeAt(c)]<<2|ie[n.charCodeAt(c+1)]>>4,i[o++]=t&255),r===1&&(t=ie[n.charCodeAt(c)]<<10|ie[n.charCodeAt(c+1)]<<4|ie[n.charCodeAt(c+2)]>>2,i[o++]=t>>8&255,i[o++]=t&255),i}function ji(n){return ae[n>>18&63]+ae[n>>12&63]+ae[n>>6&63]+ae[n&63]}function Di(n,t,e){for(var s,r=[],i=t;i<e;i+=3)s=(n[i]<<16&16711680)+(n[i+1]<<8&65280)+(n[i+2]&255),r.push(ji(s));return r.join("")}function Ci(n){for(var t,e=n.length,s=e%3,r=[],i=16383,o=0,a=e-s;o<a;o+=i)r.push(Di(n,o,o+i>a?a:o+i));return s===1?(t=n[e-1],r.push(ae[t>>2]+ae[t<<4&63]+"==")):s===2&&(t=(n[e-2]<<8)+n[e-1],r.push(ae[t>>10]+ae[t>>4&63]+ae[t<<2&63]+"=")),r.join("")}});var or=F(At=>{E();v();At.read=function(n,t,e,s,r){var i,o,a=r*8-s-1,c=(1<<a)-1,w=c>>1,x=-7,P=e?r-1:0,Q=e?-1:1,R=n[t+P];for(P+=Q,i=R&(1<<-x)-1,R>>=-x,x+=a;x>0;i=i*256+n[t+P],P+=Q,x-=8);for(o=i&(1<<-x)-1,i>>=-x,x+=s;x>0;o=o*256+n[t+P],P+=Q,x-=8);if(i===0)i=1-w;else{if(i===c)return o?NaN:(R?-1:1)*(1/0);o=o+Math.pow(2,s),i=i-w}return(R?-1:1)*o*Math.pow(2,i-s)};At.write=function(n,t,e,s,r,i){var o,a,c,w=i*8-r-1,x=(1<<w)-1,P=x>>1,Q=r===23?Math.pow(2,-24)-Math.pow(2,-77):0,R=s?0:i-1,$=s?1:-1,le=t<0||t===0&&1/t<0?1:0;for(t=Math.abs(t),isNaN(t)||t===1/0?(a=isNaN(t)?1:0,o=x):(o=Math.floor(Math.log(t)/Math.LN2),t*(c=Math.pow(2,-o))<1&&(o--,c*=2),o+P>=1?t+=Q/c:t+=Q*Math.pow(2,1-P),t*c>=2&&(o++,c/=2),o+P>=x?(a=0,o=x):o+P>=1?(a=(t*c-1)*Math.pow(2,r),o=o+P):(a=t*Math.pow(2,P-1)*Math.pow(2,r),o=0));r>=8;n[e+R]=a&255,R+=$,a/=256,r-=8);for(o=o<<r|a,w+=r;w>0;n[e+R]=o&255,R+=$,o/=256,w-=8);n[e+R-$]|=le*128}});var Er=F(ke=>{"use strict";E();v();var Bt=ir(),Ce=or(),sr=typeof Symbol=="function"&&typeof Symbol.for=="function"?Symbol.for("nodejs.util.inspect.custom"):null;ke.Buffer=p;ke.SlowBuffer=_i;ke.INSPECT_MAX_BYTES=50;var ut=2147483647;ke.kMaxLength=ut;p.TYPED_ARRAY_SUPPORT=Ui();!p.TYPED_ARRAY_SUPPORT&&typeof console<"u"&&typeof console.error=="function"&&console.error("This browser lacks typed array (Uint8Array) support which is required by `buffer` v5.x. Use `buffer` v4.x if you require old browser support.");function Ui(){try{let n=new Uint8Array(1),t={foo:function(){return 42}};return Object.setPrototypeOf(t,Uint8Array.prototype),Object.setPrototypeOf(n,t),n.foo()===42}catch{return!1}}Object.defineProperty(p.prototype,"parent",{enumerable:!0,get:function(){if(p.isBuffer(this))return this.buffer}});Object.defineProperty(p.prototype,"offset",{enumerable:!0,get:function(){if(p.isBuffer(this))return this.byteOffset}});function pe(n){if(n>ut)throw new RangeError('The value "'+n+'" is invalid for option "size"');let t=new Uint8Array(n);return Object.setPrototypeOf(t,p.prototype),t}function p(n,t,e){if(typeof n=="number"){if(typeof t=="string")throw new TypeError('The "string" argument must be of type string. Received type number');return Pt(n)}return fr(n,t,e)}p.poolSize=8192;function fr(n,t,e){if(typeof n=="string")return zi(n,t);if(ArrayBuffer.isView(n))return Ri(n);if(n==null)throw new TypeError("The first argument must be one of type string, Buffer, ArrayBuffer, Array, or Array-like Object. Received type "+typeof n);if(ue(n,ArrayBuffer)||n&&ue(n.buffer,ArrayBuffer)||typeof SharedArrayBuffer<"u"&&(ue(n,SharedArrayBuffer)||n&&ue(n.buffer,SharedArrayBuffer)))return It(n,t,e);if(typeof n=="number")throw new TypeError('The "value" argument must not be of type number. Received type number');let s=n.valueOf&&n.valueOf();if(s!=null&&s!==n)return p.from(s,t,e);let r=Li(n);if(r)return r;if(typeof Symbol<"u"&&Symbol.toPrimitive!=null&&typeof n[Symbol.toPrimitive]=="function")return p.from(n[Symbol.toPrimitive]("string"),t,e);throw new TypeError("The first argument must be one of type string, Buffer, ArrayBuffer, Array, or Array-like Object. Received type "+typeof n)}p.from=function(n,t,e){return fr(n,t,e)};Object.setPrototypeOf(p.prototype,Uint8Array.prototype);Object.setPrototypeOf(p,Uint8Array);function lr(n){if(typeof n!="number")throw new TypeError('"size" argument must be of type number');if(n<0)throw new RangeError('The value "'+n+'" is invalid for option "size"')}function ki(n,t,e){return lr(n),n<=0?pe(n):t!==void 0?typeof e=="string"?pe(n).fill(t,e):pe(n).fill(t):pe(n)}p.alloc=function(n,t,e){return ki(n,t,e)};function Pt(n){return lr(n),pe(n<0?0:Tt(n)|0)}p.allocUnsafe=function(n){return Pt(n)};p.allocUnsafeSlow=function(n){return Pt(n)};function zi(n,t){if((typeof t!="string"||t==="")&&(t="utf8"),!p.isEncoding(t))throw new TypeError("Unknown encoding: "+t);let e=hr(n,t)|0,s=pe(e),r=s.write(n,t);return r!==e&&(s=s.slice(0,r)),s}function St(n){let t=n.length<0?0:Tt(n.length)|0,e=pe(t);for(let s=0;s<t;s+=1)e[s]=n[s]&255;return e}function Ri(n){if(ue(n,Uint8Array)){let t=new Uint8Array(n);return It(t.buffer,t.byteOffset,t.byteLength)}return St(n)}function It(n,t,e){if(t<0||n.byteLength<t)throw new RangeError('"offset" is outside of buffer bounds');if(n.byteLength<t+(e||0))throw new RangeError('"length" is outside of buffer bounds');let s;return t===void 0&&e===void 0?s=new Uint8Array(n):e===void 0?s=new Uint8Array(n,t):s=new Uint8Array(n,t,e),Object.setPrototypeOf(s,p.prototype),s}function Li(n){if(p.isBuffer(n)){let t=Tt(n.length)|0,e=pe(t);return e.length===0||n.copy(e,0,0,t),e}if(n.length!==void 0)return typeof n.length!="number"||Ot(n.length)?pe(0):St(n);if(n.type==="Buffer"&&Array.isArray(n.data))return St(n.data)}function Tt(n){if(n>=ut)throw new RangeError("Attempt to allocate Buffer larger than maximum size: 0x"+ut.toString(16)+" bytes");return n|0}function _i(n){return+n!=n&&(n=0),p.alloc(+n)}p.isBuffer=function(t){return t!=null&&t._isBuffer===!0&&t!==p.prototype};p.compare=function(t,e){if(ue(t,Uint8Array)&&(t=p.from(t,t.offset,t.byteLength)),ue(e,Uint8Array)&&(e=p.from(e,e.offset,e.byteLength)),!p.isBuffer(t)||!p.isBuffer(e))throw new TypeError('The "buf1", "buf2" arguments must be one of type Buffer or Uint8Array');if(t===e)return 0;let s=t.length,r=e.length;for(let i=0,o=Math.min(s,r);i<o;++i)if(t[i]!==e[i]){s=t[i],r=e[i];break}return s<r?-1:r<s?1:0};p.isEncoding=function(t){switch(String(t).toLowerCase()){case"hex":case"utf8":case"utf-8":case"ascii":case"latin1":case"binary":case"base64":case"ucs2":case"ucs-2":case"utf16le":case"utf-16le":return!0;default:return!1}};p.concat=function(t,e){if(!Array.isArray(t))throw new TypeError('"list" argument must be an Array of Buffers');if(t.length===0)return p.alloc(0);let s;if(e===void 0)for(e=0,s=0;s<t.length;++s)e+=t[s].length;let r=p.allocUnsafe(e),i=0;for(s=0;s<t.length;++s){let o=t[s];if(ue(o,Uint8Array))i+o.length>r.length?(p.isBuffer(o)||(o=p.from(o)),o.copy(r,i)):Uint8Array.prototype.set.call(r,o,i);else if(p.isBuffer(o))o.copy(r,i);else throw new TypeError('"list" argument must be an Array of Buffers');i+=o.length}return r};function hr(n,t){if(p.isBuffer(n))return n.length;if(ArrayBuffer.isView(n)||ue(n,ArrayBuffer))return n.byteLength;if(typeof n!="string")throw new TypeError('The "string" argument must be one of type string, Buffer, or ArrayBuffer. Received type '+typeof n);let e=n.length,s=arguments.length>2&&arguments[2]===!0;if(!s&&e===0)return 0;let r=!1;for(;;)switch(t){case"ascii":case"latin1":case"binary":return e;case"utf8":case"utf-8":return Mt(n).length;case"ucs2":case"ucs-2":case"utf16le":case"utf-16le":return e*2;case"hex":return e>>>1;case"base64":return vr(n).length;default:if(r)return s?-1:Mt(n).length;t=(""+t).toLowerCase(),r=!0}}p.byteLength=hr;function Vi(n,t,e){let s=!1;if((t===void 0||t<0)&&(t=0),t>this.length||((e===void 0||e>this.length)&&(e=this.length),e<=0)||(e>>>=0,t>>>=0,e<=t))return"";for(n||(n="utf8");;)switch(n){case"hex":return Hi(this,t,e);case"utf8":case"utf-8":return dr(this,t,e);case"ascii":return Qi(this,t,e);case"latin1":case"binary":return Xi(this,t,e);case"base64":return Ji(this,t,e);case"ucs2":case"ucs-2":case"utf16le":case"utf-16le":return eo(this,t,e);default:if(s)throw new TypeError("Unknown encoding: "+n);n=(n+"").toLowerCase(),s=!0}}p.prototype._isBuffer=!0;function Ae(n,t,e){let s=n[t];n[t]=n[e],n[e]=s}p.prototype.swap16=function(){let t=this.length;if(t%2!==0)throw new RangeError("Buffer size must be a multiple of 16-bits");for(let e=0;e<t;e+=2)Ae(this,e,e+1);return this};p.prototype.swap32=function(){let t=this.length;if(t%4!==0)throw new RangeError("Buffer size must be a multiple of 32-bits");for(let e=0;e<t;e+=4)Ae(this,e,e+3),Ae(this,e+1,e+2);return this};p.prototype.swap64=function(){let t=this.length;if(t%8!==0)throw new RangeError("Buffer size must be a multiple of 64-bits");for(let e=0;e<t;e+=8)Ae(this,e,e+7),Ae(this,e+1,e+6),Ae(this,e+2,e+5),Ae(this,e+3,e+4);return this};p.prototype.toString=function(){let t=this.length;return t===0?"":arguments.length===0?dr(this,0,t):Vi.apply(this,arguments)};p.prototype.toLocaleString=p.prototype.toString;p.prototype.equals=function(t){if(!p.isBuffer(t))throw new TypeError("Argument must be a Buffer");return this===t?!0:p.compare(this,t)===0};p.prototype.inspect=function(){let t="",e=ke.INSPECT_MAX_BYTES;return t=this.toString("hex",0,e).replace(/(.{2})/g,"$1 ").trim(),this.length>e&&(t+=" ... "),"<Buffer "+t+">"};sr&&(p.prototype[sr]=p.prototype.inspect);p.prototype.compare=function(t,e,s,r,i){if(ue(t,Uint8Array)&&(t=p.from(t,t.offset,t.byteLength)),!p.isBuffer(t))throw new TypeError('The "target" argument must be one of type Buffer or Uint8Array. Received type '+typeof t);if(e===void 0&&(e=0),s===void 0&&(s=t?t.length:0),r===void 0&&(r=0),i===void 0&&(i=this.length),e<0||s>t.length||r<0||i>this.length)throw new RangeError("out of range index");if(r>=i&&e>=s)return 0;if(r>=i)return-1;if(e>=s)return 1;if(e>>>=0,s>>>=0,r>>>=0,i>>>=0,this===t)return 0;let o=i-r,a=s-e,c=Math.min(o,a),w=this.slice(r,i),x=t.slice(e,s);for(let P=0;P<c;++P)if(w[P]!==x[P]){o=w[P],a=x[P];break}return o<a?-1:a<o?1:0};function pr(n,t,e,s,r){if(n.length===0)return-1;if(typeof e=="string"?(s=e,e=0):e>2147483647?e=2147483647:e<-2147483648&&(e=-2147483648),e=+e,Ot(e)&&(e=r?0:n.length-1),e<0&&(e=n.length+e),e>=n.length){if(r)return-1;e=n.length-1}else if(e<0)if(r)e=0;else return-1;if(typeof t=="string"&&(t=p.from(t,s)),p.isBuffer(t))return t.length===0?-1:ar(n,t,e,s,r);if(typeof t=="number")return t=t&255,typeof Uint8Array.prototype.indexOf=="function"?r?Uint8Array.prototype.indexOf.call(n,t,e):Uint8Array.prototype.lastIndexOf.call(n,t,e):ar(n,[t],e,s,r);throw new TypeError("val must be string, number or Buffer")}function ar(n,t,e,s,r){let i=1,o=n.length,a=t.length;if(s!==void 0&&(s=String(s).toLowerCase(),s==="ucs2"||s==="ucs-2"||s==="utf16le"||s==="utf-16le")){if(n.length<2||t.length<2)return-1;i=2,o/=2,a/=2,e/=2}function c(x,P){return i===1?x[P]:x.readUInt16BE(P*i)}let w;if(r){let x=-1;for(w=e;w<o;w++)if(c(n,w)===c(t,x===-1?0:w-x)){if(x===-1&&(x=w),w-x+1===a)return x*i}else x!==-1&&(w-=w-x),x=-1}else for(e+a>o&&(e=o-a),w=e;w>=0;w--){let x=!0;for(let P=0;P<a;P++)if(c(n,w+P)!==c(t,P)){x=!1;break}if(x)return w}return-1}p.prototype.includes=function(t,e,s){return this.indexOf(t,e,s)!==-1};p.prototype.indexOf=function(t,e,s){return pr(this,t,e,s,!0)};p.prototype.lastIndexOf=function(t,e,s){return pr(this,t,e,s,!1)};function $i(n,t,e,s){e=Number(e)||0;let r=n.length-e;s?(s=Number(s),s>r&&(s=r)):s=r;let i=t.length;s>i/2&&(s=i/2);let o;for(o=0;o<s;++o){let a=parseInt(t.substr(o*2,2),16);if(Ot(a))return o;n[e+o]=a}return o}function Ki(n,t,e,s){return ct(Mt(t,n.length-e),n,e,s)}function Wi(n,t,e,s){return ct(io(t),n,e,s)}function Gi(n,t,e,s){return ct(vr(t),n,e,s)}function Yi(n,t,e,s){return ct(oo(t,n.length-e),n,e,s)}p.prototype.write=function(t,e,s,r){if(e===void 0)r="utf8",s=this.length,e=0;else if(s===void 0&&typeof e=="string")r=e,s=this.length,e=0;else if(isFinite(e))e=e>>>0,isFinite(s)?(s=s>>>0,r===void 0&&(r="utf8")):(r=s,s=void 0);else throw new Error("Buffer.write(string, encoding, offset[, length]) is no longer supported");let i=this.length-e;if((s===void 0||s>i)&&(s=i),t.length>0&&(s<0||e<0)||e>this.length)throw new RangeError("Attempt to write outside buffer bounds");r||(r="utf8");let o=!1;for(;;)switch(r){case"hex":return $i(this,t,e,s);case"utf8":case"utf-8":return Ki(this,t,e,s);case"ascii":case"latin1":case"binary":return Wi(this,t,e,s);case"base64":return Gi(this,t,e,s);case"ucs2":case"ucs-2":case"utf16le":case"utf-16le":return Yi(this,t,e,s);default:if(o)throw new TypeError("Unknown encoding: "+r);r=(""+r).toLowerCase(),o=!0}};p.prototype.toJSON=function(){return{type:"Buffer",data:Array.prototype.slice.call(this._arr||this,0)}};function Ji(n,t,e){return t===0&&e===n.length?Bt.fromByteArray(n):Bt.fromByteArray(n.slice(t,e))}function dr(n,t,e){e=Math.min(n.length,e);let s=[],r=t;for(;r<e;){let i=n[r],o=null,a=i>239?4:i>223?3:i>191?2:1;if(r+a<=e){let c,w,x,P;switch(a){case 1:i<128&&(o=i);break;case 2:c=n[r+1],(c&192)===128&&(P=(i&31)<<6|c&63,P>127&&(o=P));break;case 3:c=n[r+1],w=n[r+2],(c&192)===128&&(w&192)===128&&(P=(i&15)<<12|(c&63)<<6|w&63,P>2047&&(P<55296||P>57343)&&(o=P));break;case 4:c=n[r+1],w=n[r+2],x=n[r+3],(c&192)===128&&(w&192)===128&&(x&192)===128&&(P=(i&15)<<18|(c&63)<<12|(w&63)<<6|x&63,P>65535&&P<1114112&&(o=P))}}o===null?(o=65533,a=1):o>65535&&(o-=65536,s.push(o>>>10&1023|55296),o=56320|o&1023),s.push(o),r+=a}return Zi(s)}var ur=4096;function Zi(n){let t=n.length;if(t<=ur)return String.fromCharCode.apply(String,n);let e="",s=0;for(;s<t;)e+=String.fromCharCode.apply(String,n.slice(s,s+=ur));return e}function Qi(n,t,e){let s="";e=Math.min(n.length,e);for(let r=t;r<e;++r)s+=String.fromCharCode(n[r]&127);return s}function Xi(n,t,e){let s="";e=Math.min(n.length,e);for(let r=t;r<e;++r)s+=String.fromCharCode(n[r]);return s}function Hi(n,t,e){let s=n.length;(!t||t<0)&&(t=0),(!e||e<0||e>s)&&(e=s);let r="";for(let i=t;i<e;++i)r+=so[n[i]];return r}function eo(n,t,e){let s=n.slice(t,e),r="";for(let i=0;i<s.length-1;i+=2)r+=String.fromCharCode(s[i]+s[i+1]*256);return r}p.prototype.slice=function(t,e){let s=this.length;t=~~t,e=e===void 0?s:~~e,t<0?(t+=s,t<0&&(t=0)):t>s&&(t=s),e<0?(e+=s,e<0&&(e=0)):e>s&&(e=s),e<t&&(e=t);let r=this.subarray(t,e);return Object.setPrototypeOf(r,p.prototype),r};function Y(n,t,e){if(n%1!==0||n<0)throw new RangeError("offset is not uint");if(n+t>e)throw new RangeError("Trying to access beyond buffer length")}p.prototype.readUintLE=p.prototype.readUIntLE=function(t,e,s){t=t>>>0,e=e>>>0,s||Y(t,e,this.length);let r=this[t],i=1,o=0;for(;++o<e&&(i*=256);)r+=this[t+o]*i;return r};p.prototype.readUintBE=p.prototype.readUIntBE=function(t,e,s){t=t>>>0,e=e>>>0,s||Y(t,e,this.length);let r=this[t+--e],i=1;for(;e>0&&(i*=256);)r+=this[t+--e]*i;return r};p.prototype.readUint8=p.prototype.readUInt8=function(t,e){return t=t>>>0,e||Y(t,1,this.length),this[t]};p.prototype.readUint16LE=p.prototype.readUInt16LE=function(t,e){return t=t>>>0,e||Y(t,2,this.length),this[t]|this[t+1]<<8};p.prototype.readUint16BE=p.prototype.readUInt16BE=function(t,e){return t=t>>>0,e||Y(t,2,this.length),this[t]<<8|this[t+1]};p.prototype.readUint32LE=p.prototype.readUInt32LE=function(t,e){return t=t>>>0,e||Y(t,4,this.length),(this[t]|this[t+1]<<8|this[t+2]<<16)+this[t+3]*16777216};p.prototype.readUint32BE=p.prototype.readUInt32BE=function(t,e){return t=t>>>0,e||Y(t,4,this.length),this[t]*16777216+(this[t+1]<<16|this[t+2]<<8|this[t+3])};p.prototype.readBigUInt64LE=me(function(t){t=t>>>0,Ue(t,"offset");let e=this[t],s=this[t+7];(e===void 0||s===void 0)&&Ge(t,this.length-8);let r=e+this[++t]*2**8+this[++t]*2**16+this[++t]*2**24,i=this[++t]+this[++t]*2**8+this[++t]*2**16+s*2**24;return BigInt(r)+(BigInt(i)<<BigInt(32))});p.prototype.readBigUInt64BE=me(function(t){t=t>>>0,Ue(t,"offset");let e=this[t],s=this[t+7];(e===void 0||s===void 0)&&Ge(t,this.length-8);let r=e*2**24+this[++t]*2**16+this[++t]*2**8+this[++t],i=this[++t]*2**24+this[++t]*2**16+this[++t]*2**8+s;return(BigInt(r)<<BigInt(32))+BigInt(i)});p.prototype.readIntLE=function(t,e,s){t=t>>>0,e=e>>>0,s||Y(t,e,this.length);let r=this[t],i=1,o=0;for(;++o<e&&(i*=256);)r+=this[t+o]*i;return i*=128,r>=i&&(r-=Math.pow(2,8*e)),r};p.prototype.readIntBE=function(t,e,s){t=t>>>0,e=e>>>0,s||Y(t,e,this.length);let r=e,i=1,o=this[t+--r];for(;r>0&&(i*=256);)o+=this[t+--r]*i;return i*=128,o>=i&&(o-=Math.pow(2,8*e)),o};p.prototype.readInt8=function(t,e){return t=t>>>0,e||Y(t,1,this.length),this[t]&128?(255-this[t]+1)*-1:this[t]};p.prototype.readInt16LE=function(t,e){t=t>>>0,e||Y(t,2,this.length);let s=this[t]|this[t+1]<<8;return s&32768?s|4294901760:s};p.prototype.readInt16BE=function(t,e){t=t>>>0,e||Y(t,2,this.length);let s=this[t+1]|this[t]<<8;return s&32768?s|4294901760:s};p.prototype.readInt32LE=function(t,e){return t=t>>>0,e||Y(t,4,this.length),this[t]|this[t+1]<<8|this[t+2]<<16|this[t+3]<<24};p.prototype.readInt32BE=function(t,e){return t=t>>>0,e||Y(t,4,this.length),this[t]<<24|this[t+1]<<16|this[t+2]<<8|this[t+3]};p.prototype.readBigInt64LE=me(function(t){t=t>>>0,Ue(t,"offset");let e=this[t],s=this[t+7];(e===void 0||s===void 0)&&Ge(t,this.length-8);let r=this[t+4]+this[t+5]*2**8+this[t+6]*2**16+(s<<24);return(BigInt(r)<<BigInt(32))+BigInt(e+this[++t]*2**8+this[++t]*2**16+this[++t]*2**24)});p.prototype.readBigInt64BE=me(function(t){t=t>>>0,Ue(t,"offset");let e=this[t],s=this[t+7];(e===void 0||s===void 0)&&Ge(t,this.length-8);let r=(e<<24)+this[++t]*2**16+this[++t]*2**8+this[++t];return(BigInt(r)<<BigInt(32))+BigInt(this[++t]*2**24+this[++t]*2**16+this[++t]*2**8+s)});p.prototype.readFloatLE=function(t,e){return t=t>>>0,e||Y(t,4,this.length),Ce.read(this,t,!0,23,4)};p.prototype.readFloatBE=function(t,e){return t=t>>>0,e||Y(t,4,this.length),Ce.read(this,t,!1,23,4)};p.prototype.readDoubleLE=function(t,e){return t=t>>>0,e||Y(t,8,this.length),Ce.read(this,t,!0,52,8)};p.prototype.readDoubleBE=function(t,e){return t=t>>>0,e||Y(t,8,this.length),Ce.read(this,t,!1,52,8)};function ee(n,t,e,s,r,i){if(!p.isBuffer(n))throw new TypeError('"buffer" argument must be a Buffer instance');if(t>r||t<i)throw new RangeError('"value" argument is out of bounds');if(e+s>n.length)throw new RangeError("Index out of range")}p.prototype.writeUintLE=p.prototype.writeUIntLE=function(t,e,s,r){if(t=+t,e=e>>>0,s=s>>>0,!r){let a=Math.pow(2,8*s)-1;ee(this,t,e,s,a,0)}let i=1,o=0;for(this[e]=t&255;++o<s&&(i*=256);)this[e+o]=t/i&255;return e+s};p.prototype.writeUintBE=p.prototype.writeUIntBE=function(t,e,s,r){if(t=+t,e=e>>>0,s=s>>>0,!r){let a=Math.pow(2,8*s)-1;ee(this,t,e,s,a,0)}let i=s-1,o=1;for(this[e+i]=t&255;--i>=0&&(o*=256);)this[e+i]=t/o&255;return e+s};p.prototype.writeUint8=p.prototype.writeUInt8=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,1,255,0),this[e]=t&255,e+1};p.prototype.writeUint16LE=p.prototype.writeUInt16LE=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,2,65535,0),this[e]=t&255,this[e+1]=t>>>8,e+2};p.prototype.writeUint16BE=p.prototype.writeUInt16BE=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,2,65535,0),this[e]=t>>>8,this[e+1]=t&255,e+2};p.prototype.writeUint32LE=p.prototype.writeUInt32LE=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,4,4294967295,0),this[e+3]=t>>>24,this[e+2]=t>>>16,this[e+1]=t>>>8,this[e]=t&255,e+4};p.prototype.writeUint32BE=p.prototype.writeUInt32BE=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,4,4294967295,0),this[e]=t>>>24,this[e+1]=t>>>16,this[e+2]=t>>>8,this[e+3]=t&255,e+4};function yr(n,t,e,s,r){xr(t,s,r,n,e,7);let i=Number(t&BigInt(4294967295));n[e++]=i,i=i>>8,n[e++]=i,i=i>>8,n[e++]=i,i=i>>8,n[e++]=i;let o=Number(t>>BigInt(32)&BigInt(4294967295));return n[e++]=o,o=o>>8,n[e++]=o,o=o>>8,n[e++]=o,o=o>>8,n[e++]=o,e}function gr(n,t,e,s,r){xr(t,s,r,n,e,7);let i=Number(t&BigInt(4294967295));n[e+7]=i,i=i>>8,n[e+6]=i,i=i>>8,n[e+5]=i,i=i>>8,n[e+4]=i;let o=Number(t>>BigInt(32)&BigInt(4294967295));return n[e+3]=o,o=o>>8,n[e+2]=o,o=o>>8,n[e+1]=o,o=o>>8,n[e]=o,e+8}p.prototype.writeBigUInt64LE=me(function(t,e=0){return yr(this,t,e,BigInt(0),BigInt("0xffffffffffffffff"))});p.prototype.writeBigUInt64BE=me(function(t,e=0){return gr(this,t,e,BigInt(0),BigInt("0xffffffffffffffff"))});p.prototype.writeIntLE=function(t,e,s,r){if(t=+t,e=e>>>0,!r){let c=Math.pow(2,8*s-1);ee(this,t,e,s,c-1,-c)}let i=0,o=1,a=0;for(this[e]=t&255;++i<s&&(o*=256);)t<0&&a===0&&this[e+i-1]!==0&&(a=1),this[e+i]=(t/o>>0)-a&255;return e+s};p.prototype.writeIntBE=function(t,e,s,r){if(t=+t,e=e>>>0,!r){let c=Math.pow(2,8*s-1);ee(this,t,e,s,c-1,-c)}let i=s-1,o=1,a=0;for(this[e+i]=t&255;--i>=0&&(o*=256);)t<0&&a===0&&this[e+i+1]!==0&&(a=1),this[e+i]=(t/o>>0)-a&255;return e+s};p.prototype.writeInt8=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,1,127,-128),t<0&&(t=255+t+1),this[e]=t&255,e+1};p.prototype.writeInt16LE=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,2,32767,-32768),this[e]=t&255,this[e+1]=t>>>8,e+2};p.prototype.writeInt16BE=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,2,32767,-32768),this[e]=t>>>8,this[e+1]=t&255,e+2};p.prototype.writeInt32LE=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,4,2147483647,-2147483648),this[e]=t&255,this[e+1]=t>>>8,this[e+2]=t>>>16,this[e+3]=t>>>24,e+4};p.prototype.writeInt32BE=function(t,e,s){return t=+t,e=e>>>0,s||ee(this,t,e,4,2147483647,-2147483648),t<0&&(t=4294967295+t+1),this[e]=t>>>24,this[e+1]=t>>>16,this[e+2]=t>>>8,this[e+3]=t&255,e+4};p.prototype.writeBigInt64LE=me(function(t,e=0){return yr(this,t,e,-BigInt("0x8000000000000000"),BigInt("0x7fffffffffffffff"))});p.prototype.writeBigInt64BE=me(function(t,e=0){return gr(this,t,e,-BigInt("0x8000000000000000"),BigInt("0x7fffffffffffffff"))});function wr(n,t,e,s,r,i){if(e+s>n.length)throw new RangeError("Index out of range");if(e<0)throw new RangeError("Index out of range")}function mr(n,t,e,s,r){return t=+t,e=e>>>0,r||wr(n,t,e,4,34028234663852886e22,-34028234663852886e22),Ce.write(n,t,e,s,23,4),e+4}p.prototype.writeFloatLE=function(t,e,s){return mr(this,t,e,!0,s)};p.prototype.writeFloatBE=function(t,e,s){return mr(this,t,e,!1,s)};function br(n,t,e,s,r){return t=+t,e=e>>>0,r||wr(n,t,e,8,17976931348623157e292,-17976931348623157e292),Ce.write(n,t,e,s,52,8),e+8}p.prototype.writeDoubleLE=function(t,e,s){return br(this,t,e,!0,s)};p.prototype.writeDoubleBE=function(t,e,s){return br(this,t,e,!1,s)};p.prototype.copy=function(t,e,s,r){if(!p.isBuffer(t))throw new TypeError("argument should be a Buffer");if(s||(s=0),!r&&r!==0&&(r=this.length),e>=t.length&&(e=t.length),e||(e=0),r>0&&r<s&&(r=s),r===s||t.length===0||this.length===0)return 0;if(e<0)throw new RangeError("targetStart out of bounds");if(s<0||s>=this.length)throw new RangeError("Index out of range");if(r<0)throw new RangeError("sourceEnd out of bounds");r>this.length&&(r=this.length),t.length-e<r-s&&(r=t.length-e+s);let i=r-s;return this===t&&typeof Uint8Array.prototype.copyWithin=="function"?this.copyWithin(e,s,r):Uint8Array.prototype.set.call(t,this.subarray(s,r),e),i};p.prototype.fill=function(t,e,s,r){if(typeof t=="string"){if(typeof e=="string"?(r=e,e=0,s=this.length):typeof s=="string"&&(r=s,s=this.length),r!==void 0&&typeof r!="string")throw new TypeError("encoding must be a string");if(typeof r=="string"&&!p.isEncoding(r))throw new TypeError("Unknown encoding: "+r);if(t.length===1){let o=t.charCodeAt(0);(r==="utf8"&&o<128||r==="latin1")&&(t=o)}}else typeof t=="number"?t=t&255:typeof t=="boolean"&&(t=Number(t));if(e<0||this.length<e||this.length<s)throw new RangeError("Out of range index");if(s<=e)return this;e=e>>>0,s=s===void 0?this.length:s>>>0,t||(t=0);let i;if(typeof t=="number")for(i=e;i<s;++i)this[i]=t;else{let o=p.isBuffer(t)?t:p.from(t,r),a=o.length;if(a===0)throw new TypeError('The value "'+t+'" is invalid for argument "value"');for(i=0;i<s-e;++i)this[i+e]=o[i%a]}return this};var De={};function Nt(n,t,e){De[n]=class extends e{constructor(){super(),Object.defineProperty(this,"message",{value:t.apply(this,arguments),writable:!0,configurable:!0}),this.name=`${this.name} [${n}]`,this.stack,delete this.name}get code(){return n}set code(r){Object.defineProperty(this,"code",{configurable:!0,enumerable:!0,value:r,writable:!0})}toString(){return`${this.name} [${n}]: ${this.message}`}}}Nt("ERR_BUFFER_OUT_OF_BOUNDS",function(n){return n?`${n} is outside of buffer bounds`:"Attempt to access memory outside buffer bounds"},RangeError);Nt("ERR_INVALID_ARG_TYPE",function(n,t){return`The "${n}" argument must be of type number. Received type ${typeof t}`},TypeError);Nt("ERR_OUT_OF_RANGE",function(n,t,e){let s=`The value of "${n}" is out of range.`,r=e;return Number.isInteger(e)&&Math.abs(e)>2**32?r=cr(String(e)):typeof e=="bigint"&&(r=String(e),(e>BigInt(2)**BigInt(32)||e<-(BigInt(2)**BigInt(32)))&&(r=cr(r)),r+="n"),s+=` It must be ${t}. Received ${r}`,s},RangeError);function cr(n){let t="",e=n.length,s=n[0]==="-"?1:0;for(;e>=s+4;e-=3)t=`_${n.slice(e-3,e)}${t}`;return`${n.slice(0,e)}${t}`}function to(n,t,e){Ue(t,"offset"),(n[t]===void 0||n[t+e]===void 0)&&Ge(t,n.length-(e+1))}function xr(n,t,e,s,r,i){if(n>e||n<t){let o=typeof t=="bigint"?"n":"",a;throw i>3?t===0||t===BigInt(0)?a=`>= 0${o} and < 2${o} ** ${(i+1)*8}${o}`:a=`>= -(2${o} ** ${(i+1)*8-1}${o}) and < 2 ** ${(i+1)*8-1}${o}`:a=`>= ${t}${o} and <= ${e}${o}`,new De.ERR_OUT_OF_RANGE("value",a,n)}to(s,r,i)}function Ue(n,t){if(typeof n!="number")throw new De.ERR_INVALID_ARG_TYPE(t,"number",n)}function Ge(n,t,e){throw Math.floor(n)!==n?(Ue(n,e),new De.ERR_OUT_OF_RANGE(e||"offset","an integer",n)):t<0?new De.ERR_BUFFER_OUT_OF_BOUNDS:new De.ERR_OUT_OF_RANGE(e||"offset",`>= ${e?1:0} and <= ${t}`,n)}var ro=/[^+/0-9A-Za-z-_]/g;function no(n){if(n=n.split("=")[0],n=n.trim().replace(ro,""),n.length<2)return"";for(;n.length%4!==0;)n=n+"=";return n}function Mt(n,t){t=t||1/0;let e,s=n.length,r=null,i=[];for(let o=0;o<s;++o){if(e=n.charCodeAt(o),e>55295&&e<57344){if(!r){if(e>56319){(t-=3)>-1&&i.push(239,191,189);continue}else if(o+1===s){(t-=3)>-1&&i.push(239,191,189);continue}r=e;continue}if(e<56320){(t-=3)>-1&&i.push(239,191,189),r=e;continue}e=(r-55296<<10|e-56320)+65536}else r&&(t-=3)>-1&&i.push(239,191,189);if(r=null,e<128){if((t-=1)<0)break;i.push(e)}else if(e<2048){if((t-=2)<0)break;i.push(e>>6|192,e&63|128)}else if(e<65536){if((t-=3)<0)break;i.push(e>>12|224,e>>6&63|128,e&63|128)}else if(e<1114112){if((t-=4)<0)break;i.push(e>>18|240,e>>12&63|128,e>>6&63|128,e&63|128)}else throw new Error("Invalid code point")}return i}function io(n){let t=[];for(let e=0;e<n.length;++e)t.push(n.charCodeAt(e)&255);return t}function oo(n,t){let e,s,r,i=[];for(let o=0;o<n.length&&!((t-=2)<0);++o)e=n.charCodeAt(o),s=e>>8,r=e%256,i.push(r),i.push(s);return i}function vr(n){return Bt.toByteArray(no(n))}function ct(n,t,e,s){let r;for(r=0;r<s&&!(r+e>=t.length||r>=n.length);++r)t[r+e]=n[r];return r}function ue(n,t){return n instanceof t||n!=null&&n.constructor!=null&&n.constructor.name!=null&&n.constructor.name===t.name}function Ot(n){return n!==n}var so=(function(){let n="0123456789abcdef",t=new Array(256);for(let e=0;e<16;++e){let s=e*16;for(let r=0;r<16;++r)t[s+r]=n[e]+n[r]}return t})();function me(n){return typeof BigInt>"u"?ao:n}function ao(){throw new Error("BigInt not supported")}});var N,v=er(()=>{N=tr(Er())});var Mr=F((Ns,Ir)=>{E();v();var G=Ir.exports={},ce,fe;function Ft(){throw new Error("setTimeout has not been defined")}function qt(){throw new Error("clearTimeout has not been defined")}(function(){try{typeof setTimeout=="function"?ce=setTimeout:ce=Ft}catch{ce=Ft}try{typeof clearTimeout=="function"?fe=clearTimeout:fe=qt}catch{fe=qt}})();function Ar(n){if(ce===setTimeout)return setTimeout(n,0);if((ce===Ft||!ce)&&setTimeout)return ce=setTimeout,setTimeout(n,0);try{return ce(n,0)}catch{try{return ce.call(null,n,0)}catch{return ce.call(this,n,0)}}}function uo(n){if(fe===clearTimeout)return clearTimeout(n);if((fe===qt||!fe)&&clearTimeout)return fe=clearTimeout,clearTimeout(n);try{return fe(n)}catch{try{return fe.call(null,n)}catch{return fe.call(this,n)}}}var de=[],ze=!1,Be,ft=-1;function co(){!ze||!Be||(ze=!1,Be.length?de=Be.concat(de):ft=-1,de.length&&Br())}function Br(){if(!ze){var n=Ar(co);ze=!0;for(var t=de.length;t;){for(Be=de,de=[];++ft<t;)Be&&Be[ft].run();ft=-1,t=de.length}Be=null,ze=!1,uo(n)}}G.nextTick=function(n){var t=new Array(arguments.length-1);if(arguments.length>1)for(var e=1;e<arguments.length;e++)t[e-1]=arguments[e];de.push(new Sr(n,t)),de.length===1&&!ze&&Ar(Br)};function Sr(n,t){this.fun=n,this.array=t}Sr.prototype.run=function(){this.fun.apply(null,this.array)};G.title="browser";G.browser=!0;G.env={};G.argv=[];G.version="";G.versions={};function ye(){}G.on=ye;G.addListener=ye;G.once=ye;G.off=ye;G.removeListener=ye;G.removeAllListeners=ye;G.emit=ye;G.prependListener=ye;G.prependOnceListener=ye;G.listeners=function(n){return[]};G.binding=function(n){throw new Error("process.binding is not supported")};G.cwd=function(){return"/"};G.chdir=function(n){throw new Error("process.chdir is not supported")};G.umask=function(){return 0}});var O,E=er(()=>{O=tr(Mr())});var jt=F((js,Tr)=>{E();v();function Pr(){var n=[].slice.call(arguments);function t(e,s){Object.keys(s).forEach(function(r){~n.indexOf(r)||(e[r]=s[r])})}return function(){for(var s=[].slice.call(arguments),r=0,i={};r<s.length;r++)t(i,s[r]);return i}}Tr.exports=Se;function Se(n,t,e){var s=Pr("name","message","stack","constructor","toJSON"),r=s(t||{});this.message=n||"Unspecified AssertionError",this.showDiff=!1;for(var i in r)this[i]=r[i];if(e=e||Se,Error.captureStackTrace)Error.captureStackTrace(this,e);else try{throw new Error}catch(o){this.stack=o.stack}}Se.prototype=Object.create(Error.prototype);Se.prototype.name="AssertionError";Se.prototype.constructor=Se;Se.prototype.toJSON=function(n){var t=Pr("constructor","toJSON","stack"),e=t({name:this.name},this);return n!==!1&&this.stack&&(e.stack=this.stack),e}});var Dr=F((Us,jr)=>{"use strict";E();v();function Or(n,t){return typeof n>"u"||n===null?!1:t in Object(n)}function Fr(n){var t=n.replace(/([^\\])\[/g,"$1.["),e=t.match(/(\\\.|[^.]+?)+/g);return e.map(function(r){if(r==="constructor"||r==="__proto__"||r==="prototype")return{};var i=/^\[(\d+)\]$/,o=i.exec(r),a=null;return o?a={i:parseFloat(o[1])}:a={p:r.replace(/\\([.[\]])/g,"$1")},a})}function Nr(n,t,e){var s=n,r=null;e=typeof e>"u"?t.length:e;for(var i=0;i<e;i++){var o=t[i];s&&(typeof o.p>"u"?s=s[o.i]:s=s[o.p],i===e-1&&(r=s))}return r}function fo(n,t,e){for(var s=n,r=e.length,i=null,o=0;o<r;o++){var a=null,c=null;if(i=e[o],o===r-1)a=typeof i.p>"u"?i.i:i.p,s[a]=t;else if(typeof i.p<"u"&&s[i.p])s=s[i.p];else if(typeof i.i<"u"&&s[i.i])s=s[i.i];else{var w=e[o+1];a=typeof i.p>"u"?i.i:i.p,c=typeof w.p>"u"?[]:{},s[a]=c,s=s[a]}}}function qr(n,t){var e=Fr(t),s=e[e.length-1],r={parent:e.length>1?Nr(n,e,e.length-1):n,name:s.p||s.i,value:Nr(n,e)};return r.exists=Or(r.parent,r.name),r}function lo(n,t){var e=qr(n,t);return e.value}function ho(n,t,e){var s=Fr(t);return fo(n,e,s),n}jr.exports={hasProperty:Or,getPathInfo:qr,getPathValue:lo,setPathValue:ho}});var oe=F((Rs,Cr)=>{E();v();Cr.exports=function(t,e,s){var r=t.__flags||(t.__flags=Object.create(null));if(arguments.length===3)r[e]=s;else return r[e]}});var kr=F((Vs,Ur)=>{E();v();var po=oe();Ur.exports=function(t,e){var s=po(t,"negate"),r=e[0];return s?!r:r}});var Ye=F((Dt,Ct)=>{E();v();(function(n,t){typeof Dt=="object"&&typeof Ct<"u"?Ct.exports=t():typeof define=="function"&&define.amd?define(t):(n=typeof globalThis<"u"?globalThis:n||self,n.typeDetect=t())})(Dt,(function(){"use strict";var n=typeof Promise=="function",t=(function(W){if(typeof globalThis=="object")return globalThis;Object.defineProperty(W,"typeDetectGlobalObject",{get:function(){return this},configurable:!0});var se=typeDetectGlobalObject;return delete W.typeDetectGlobalObject,se})(Object.prototype),e=typeof Symbol<"u",s=typeof Map<"u",r=typeof Set<"u",i=typeof WeakMap<"u",o=typeof WeakSet<"u",a=typeof DataView<"u",c=e&&typeof Symbol.iterator<"u",w=e&&typeof Symbol.toStringTag<"u",x=r&&typeof Set.prototype.entries=="function",P=s&&typeof Map.prototype.entries=="function",Q=x&&Object.getPrototypeOf(new Set().entries()),R=P&&Object.getPrototypeOf(new Map().entries()),$=c&&typeof Array.prototype[Symbol.iterator]=="function",le=$&&Object.getPrototypeOf([][Symbol.iterator]()),re=c&&typeof String.prototype[Symbol.iterator]=="function",Te=re&&Object.getPrototypeOf(""[Symbol.iterator]()),Ne=8,Oe=-1;function Fe(W){var se=typeof W;if(se!=="object")return se;if(W===null)return"null";if(W===t)return"global";if(Array.isArray(W)&&(w===!1||!(Symbol.toStringTag in W)))return"Array";if(typeof window=="object"&&window!==null){if(typeof window.location=="object"&&W===window.location)return"Location";if(typeof window.document=="object"&&W===window.document)return"Document";if(typeof window.navigator=="object"){if(typeof window.navigator.mimeTypes=="object"&&W===window.navigator.mimeTypes)return"MimeTypeArray";if(typeof window.navigator.plugins=="object"&&W===window.navigator.plugins)return"PluginArray"}if((typeof window.HTMLElement=="function"||typeof window.HTMLElement=="object")&&W instanceof window.HTMLElement){if(W.tagName==="BLOCKQUOTE")return"HTMLQuoteElement";if(W.tagName==="TD")return"HTMLTableDataCellElement";if(W.tagName==="TH")return"HTMLTableHeaderCellElement"}}var ge=w&&W[Symbol.toStringTag];if(typeof ge=="string")return ge;var _=Object.getPrototypeOf(W);return _===RegExp.prototype?"RegExp":_===Date.prototype?"Date":n&&_===Promise.prototype?"Promise":r&&_===Set.prototype?"Set":s&&_===Map.prototype?"Map":o&&_===WeakSet.prototype?"WeakSet":i&&_===WeakMap.prototype?"WeakMap":a&&_===DataView.prototype?"DataView":s&&_===R?"Map Iterator":r&&_===Q?"Set Iterator":$&&_===le?"Array Iterator":re&&_===Te?"String Iterator":_===null?"Object":Object.prototype.toString.call(W).slice(Ne,Oe)}return Fe}))});var Rr=F((Ys,zr)=>{E();v();var yo=jt(),Ut=oe(),go=Ye();zr.exports=function(t,e){var s=Ut(t,"message"),r=Ut(t,"ssfi");s=s?s+": ":"",t=Ut(t,"object"),e=e.map(function(a){return a.toLowerCase()}),e.sort();var i=e.map(function(a,c){var w=~["a","e","i","o","u"].indexOf(a.charAt(0))?"an":"a",x=e.length>1&&c===e.length-1?"or ":"";return x+w+" "+a}).join(", "),o=go(t).toLowerCase();if(!e.some(function(a){return o===a}))throw new yo(s+"object tested must be "+i+", but "+o+" given",void 0,r)}});var kt=F((Qs,Lr)=>{E();v();Lr.exports=function(t,e){return e.length>4?e[4]:t._obj}});var lt=F((ea,_r)=>{"use strict";E();v();var wo=Function.prototype.toString,mo=/\s*function(?:\s|\s*\/\*[^(?:*\/)]+\*\/\s*)*([^\s\(\/]+)/,bo=512;function xo(n){if(typeof n!="function")return null;var t="";if(typeof Function.prototype.name>"u"&&typeof n.name>"u"){var e=wo.call(n);if(e.indexOf("(")>bo)return t;var s=e.match(mo);s&&(t=s[1])}else t=n.name;return t}_r.exports=xo});var Vr=F(()=>{E();v()});var Kr=F((ht,$r)=>{E();v();(function(n,t){typeof ht=="object"&&typeof $r<"u"?t(ht):typeof define=="function"&&define.amd?define(["exports"],t):(n=typeof globalThis<"u"?globalThis:n||self,t(n.loupe={}))})(ht,(function(n){"use strict";function t(f){"@babel/helpers - typeof";return typeof Symbol=="function"&&typeof Symbol.iterator=="symbol"?t=function(l){return typeof l}:t=function(l){return l&&typeof Symbol=="function"&&l.constructor===Symbol&&l!==Symbol.prototype?"symbol":typeof l},t(f)}function e(f,l){return s(f)||r(f,l)||i(f,l)||a()}function s(f){if(Array.isArray(f))return f}function r(f,l){if(!(typeof Symbol>"u"||!(Symbol.iterator in Object(f)))){var g=[],S=!0,M=!1,j=void 0;try{for(var k=f[Symbol.iterator](),K;!(S=(K=k.next()).done)&&(g.push(K.value),!(l&&g.length===l));S=!0);}catch(X){M=!0,j=X}finally{try{!S&&k.return!=null&&k.return()}finally{if(M)throw j}}return g}}function i(f,l){if(f){if(typeof f=="string")return o(f,l);var g=Object.prototype.toString.call(f).slice(8,-1);if(g==="Object"&&f.constructor&&(g=f.constructor.name),g==="Map"||g==="Set")return Array.from(f);if(g==="Arguments"||/^(?:Ui|I)nt(?:8|16|32)(?:Clamped)?Array$/.test(g))return o(f,l)}}function o(f,l){(l==null||l>f.length)&&(l=f.length);for(var g=0,S=new Array(l);g<l;g++)S[g]=f[g];return S}function a(){throw new TypeError(`Invalid attempt to destructure non-iterable instance.
In order to be iterable, non-array objects must have a [Symbol.iterator]() method.`)}var c={bold:["1","22"],dim:["2","22"],italic:["3","23"],underline:["4","24"],inverse:["7","27"],hidden:["8","28"],strike:["9","29"],black:["30","39"],red:["31","39"],green:["32","39"],yellow:["33","39"],blue:["34","39"],magenta:["35","39"],cyan:["36","39"],white:["37","39"],brightblack:["30;1","39"],brightred:["31;1","39"],brightgreen:["32;1","39"],brightyellow:["33;1","39"],brightblue:["34;1","39"],brightmagenta:["35;1","39"],brightcyan:["36;1","39"],brightwhite:["37;1","39"],grey:["90","39"]},w={special:"cyan",number:"yellow",bigint:"yellow",boolean:"yellow",undefined:"grey",null:"bold",string:"green",symbol:"green",date:"magenta",regexp:"red"},x="…";function P(f,l){var g=c[w[l]]||c[l];return g?"\x1B[".concat(g[0],"m").concat(String(f),"\x1B[").concat(g[1],"m"):String(f)}function Q(){var f=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{},l=f.showHidden,g=l===void 0?!1:l,S=f.depth,M=S===void 0?2:S,j=f.colors,k=j===void 0?!1:j,K=f.customInspect,X=K===void 0?!0:K,Z=f.showProxy,ne=Z===void 0?!1:Z,ve=f.maxArrayLength,xt=ve===void 0?1/0:ve,Ke=f.breakLength,je=Ke===void 0?1/0:Ke,We=f.seen,vi=We===void 0?[]:We,Qt=f.truncate,Ei=Qt===void 0?1/0:Qt,Xt=f.stylize,Ai=Xt===void 0?String:Xt,vt={showHidden:!!g,depth:Number(M),colors:!!k,customInspect:!!X,showProxy:!!ne,maxArrayLength:Number(xt),breakLength:Number(je),truncate:Number(Ei),seen:vi,stylize:Ai};return vt.colors&&(vt.stylize=P),vt}function R(f,l){var g=arguments.length>2&&arguments[2]!==void 0?arguments[2]:x;f=String(f);var S=g.length,M=f.length;return S>l&&M>S?g:M>l&&M>S?"".concat(f.slice(0,l-S)).concat(g):f}function $(f,l,g){var S=arguments.length>3&&arguments[3]!==void 0?arguments[3]:", ";g=g||l.inspect;var M=f.length;if(M===0)return"";for(var j=l.truncate,k="",K="",X="",Z=0;Z<M;Z+=1){var ne=Z+1===f.length,ve=Z+2===f.length;X="".concat(x,"(").concat(f.length-Z,")");var xt=f[Z];l.truncate=j-k.length-(ne?0:S.length);var Ke=K||g(xt,l)+(ne?"":S),je=k.length+Ke.length,We=je+X.length;if(ne&&je>j&&k.length+X.length<=j||!ne&&!ve&&We>j||(K=ne?"":g(f[Z+1],l)+(ve?"":S),!ne&&ve&&We>j&&je+K.length>j))break;if(k+=Ke,!ne&&!ve&&je+K.length>=j){X="".concat(x,"(").concat(f.length-Z-1,")");break}X=""}return"".concat(k).concat(X)}function le(f){return f.match(/^[a-zA-Z_][a-zA-Z_0-9]*$/)?f:JSON.stringify(f).replace(/'/g,"\\'").replace(/\\"/g,'"').replace(/(^"|"$)/g,"'")}function re(f,l){var g=e(f,2),S=g[0],M=g[1];return l.truncate-=2,typeof S=="string"?S=le(S):typeof S!="number"&&(S="[".concat(l.inspect(S,l),"]")),l.truncate-=S.length,M=l.inspect(M,l),"".concat(S,": ").concat(M)}function Te(f,l){var g=Object.keys(f).slice(f.length);if(!f.length&&!g.length)return"[]";l.truncate-=4;var S=$(f,l);l.truncate-=S.length;var M="";return g.length&&(M=$(g.map(function(j){return[j,f[j]]}),l,re)),"[ ".concat(S).concat(M?", ".concat(M):""," ]")}var Ne=Function.prototype.toString,Oe=/\s*function(?:\s|\s*\/\*[^(?:*\/)]+\*\/\s*)*([^\s\(\/]+)/,Fe=512;function W(f){if(typeof f!="function")return null;var l="";if(typeof Function.prototype.name>"u"&&typeof f.name>"u"){var g=Ne.call(f);if(g.indexOf("(")>Fe)return l;var S=g.match(Oe);S&&(l=S[1])}else l=f.name;return l}var se=W,ge=function(l){return typeof N.Buffer=="function"&&l instanceof N.Buffer?"Buffer":l[Symbol.toStringTag]?l[Symbol.toStringTag]:se(l.constructor)};function _(f,l){var g=ge(f);l.truncate-=g.length+4;var S=Object.keys(f).slice(f.length);if(!f.length&&!S.length)return"".concat(g,"[]");for(var M="",j=0;j<f.length;j++){var k="".concat(l.stylize(R(f[j],l.truncate),"number")).concat(j===f.length-1?"":", ");if(l.truncate-=k.length,f[j]!==f.length&&l.truncate<=3){M+="".concat(x,"(").concat(f.length-f[j]+1,")");break}M+=k}var K="";return S.length&&(K=$(S.map(function(X){return[X,f[X]]}),l,re)),"".concat(g,"[ ").concat(M).concat(K?", ".concat(K):""," ]")}function Le(f,l){var g=f.toJSON();if(g===null)return"Invalid Date";var S=g.split("T"),M=S[0];return l.stylize("".concat(M,"T").concat(R(S[1],l.truncate-M.length-1)),"date")}function _e(f,l){var g=se(f);return g?l.stylize("[Function ".concat(R(g,l.truncate-11),"]"),"special"):l.stylize("[Function]","special")}function et(f,l){var g=e(f,2),S=g[0],M=g[1];return l.truncate-=4,S=l.inspect(S,l),l.truncate-=S.length,M=l.inspect(M,l),"".concat(S," => ").concat(M)}function tt(f){var l=[];return f.forEach(function(g,S){l.push([S,g])}),l}function gt(f,l){var g=f.size-1;return g<=0?"Map{}":(l.truncate-=7,"Map{ ".concat($(tt(f),l,et)," }"))}var wt=Number.isNaN||function(f){return f!==f};function Ve(f,l){return wt(f)?l.stylize("NaN","number"):f===1/0?l.stylize("Infinity","number"):f===-1/0?l.stylize("-Infinity","number"):f===0?l.stylize(1/f===1/0?"+0":"-0","number"):l.stylize(R(f,l.truncate),"number")}function $e(f,l){var g=R(f.toString(),l.truncate-1);return g!==x&&(g+="n"),l.stylize(g,"bigint")}function rt(f,l){var g=f.toString().split("/")[2],S=l.truncate-(2+g.length),M=f.source;return l.stylize("/".concat(R(M,S),"/").concat(g),"regexp")}function mt(f){var l=[];return f.forEach(function(g){l.push(g)}),l}function u(f,l){return f.size===0?"Set{}":(l.truncate-=7,"Set{ ".concat($(mt(f),l)," }"))}var h=new RegExp("['\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u0600-\\u0604\\u070f\\u17b4\\u17b5\\u200c-\\u200f\\u2028-\\u202f\\u2060-\\u206f\\ufeff\\ufff0-\\uffff]","g"),y={"\b":"\\b","	":"\\t","\n":"\\n","\f":"\\f","\r":"\\r","'":"\\'","\\":"\\\\"},m=16,A=4;function B(f){return y[f]||"\\u".concat("0000".concat(f.charCodeAt(0).toString(m)).slice(-A))}function b(f,l){return h.test(f)&&(f=f.replace(h,B)),l.stylize("'".concat(R(f,l.truncate-2),"'"),"string")}function d(f){return"description"in Symbol.prototype?f.description?"Symbol(".concat(f.description,")"):"Symbol()":f.toString()}var I=function(){return"Promise{…}"};try{var T=O.default.binding("util"),q=T.getPromiseDetails,L=T.kPending,C=T.kRejected;Array.isArray(q(Promise.resolve()))&&(I=function(l,g){var S=q(l),M=e(S,2),j=M[0],k=M[1];return j===L?"Promise{<pending>}":"Promise".concat(j===C?"!":"","{").concat(g.inspect(k,g),"}")})}catch{}var D=I;function U(f,l){var g=Object.getOwnPropertyNames(f),S=Object.getOwnPropertySymbols?Object.getOwnPropertySymbols(f):[];if(g.length===0&&S.length===0)return"{}";if(l.truncate-=4,l.seen=l.seen||[],l.seen.indexOf(f)>=0)return"[Circular]";l.seen.push(f);var M=$(g.map(function(K){return[K,f[K]]}),l,re),j=$(S.map(function(K){return[K,f[K]]}),l,re);l.seen.pop();var k="";return M&&j&&(k=", "),"{ ".concat(M).concat(k).concat(j," }")}var V=typeof Symbol<"u"&&Symbol.toStringTag?Symbol.toStringTag:!1;function J(f,l){var g="";return V&&V in f&&(g=f[V]),g=g||se(f.constructor),(!g||g==="_class")&&(g="<Anonymous Class>"),l.truncate-=g.length,"".concat(g).concat(U(f,l))}function we(f,l){return f.length===0?"Arguments[]":(l.truncate-=13,"Arguments[ ".concat($(f,l)," ]"))}var H=["stack","line","column","name","message","fileName","lineNumber","columnNumber","number","description"];function he(f,l){var g=Object.getOwnPropertyNames(f).filter(function(k){return H.indexOf(k)===-1}),S=f.name;l.truncate-=S.length;var M="";typeof f.message=="string"?M=R(f.message,l.truncate):g.unshift("message"),M=M?": ".concat(M):"",l.truncate-=M.length+5;var j=$(g.map(function(k){return[k,f[k]]}),l,re);return"".concat(S).concat(M).concat(j?" { ".concat(j," }"):"")}function di(f,l){var g=e(f,2),S=g[0],M=g[1];return l.truncate-=3,M?"".concat(l.stylize(S,"yellow"),"=").concat(l.stylize('"'.concat(M,'"'),"string")):"".concat(l.stylize(S,"yellow"))}function bt(f,l){return $(f,l,Gt,`
`)}function Gt(f,l){var g=f.getAttributeNames(),S=f.tagName.toLowerCase(),M=l.stylize("<".concat(S),"special"),j=l.stylize(">","special"),k=l.stylize("</".concat(S,">"),"special");l.truncate-=S.length*2+5;var K="";g.length>0&&(K+=" ",K+=$(g.map(function(ne){return[ne,f.getAttribute(ne)]}),l,di," ")),l.truncate-=K.length;var X=l.truncate,Z=bt(f.children,l);return Z&&Z.length>X&&(Z="".concat(x,"(").concat(f.children.length,")")),"".concat(M).concat(K).concat(j).concat(Z).concat(k)}var yi=typeof Symbol=="function"&&typeof Symbol.for=="function",nt=yi?Symbol.for("chai/inspect"):"@@chai/inspect",qe=!1;try{var Yt=Vr();qe=Yt.inspect?Yt.inspect.custom:!1}catch{qe=!1}function Jt(){this.key="chai/loupe__"+Math.random()+Date.now()}Jt.prototype={get:function(l){return l[this.key]},has:function(l){return this.key in l},set:function(l,g){Object.isExtensible(l)&&Object.defineProperty(l,this.key,{value:g,configurable:!0})}};var it=new(typeof WeakMap=="function"?WeakMap:Jt),ot={},Zt={undefined:function(l,g){return g.stylize("undefined","undefined")},null:function(l,g){return g.stylize(null,"null")},boolean:function(l,g){return g.stylize(l,"boolean")},Boolean:function(l,g){return g.stylize(l,"boolean")},number:Ve,Number:Ve,bigint:$e,BigInt:$e,string:b,String:b,function:_e,Function:_e,symbol:d,Symbol:d,Array:Te,Date:Le,Map:gt,Set:u,RegExp:rt,Promise:D,WeakSet:function(l,g){return g.stylize("WeakSet{…}","special")},WeakMap:function(l,g){return g.stylize("WeakMap{…}","special")},Arguments:we,Int8Array:_,Uint8Array:_,Uint8ClampedArray:_,Int16Array:_,Uint16Array:_,Int32Array:_,Uint32Array:_,Float32Array:_,Float64Array:_,Generator:function(){return""},DataView:function(){return""},ArrayBuffer:function(){return""},Error:he,HTMLCollection:bt,NodeList:bt},gi=function(l,g,S){return nt in l&&typeof l[nt]=="function"?l[nt](g):qe&&qe in l&&typeof l[qe]=="function"?l[qe](g.depth,g):"inspect"in l&&typeof l.inspect=="function"?l.inspect(g.depth,g):"constructor"in l&&it.has(l.constructor)?it.get(l.constructor)(l,g):ot[S]?ot[S](l,g):""},wi=Object.prototype.toString;function st(f,l){l=Q(l),l.inspect=st;var g=l,S=g.customInspect,M=f===null?"null":t(f);if(M==="object"&&(M=wi.call(f).slice(8,-1)),Zt[M])return Zt[M](f,l);if(S&&f){var j=gi(f,l,M);if(j)return typeof j=="string"?j:st(j,l)}var k=f?Object.getPrototypeOf(f):!1;return k===Object.prototype||k===null?U(f,l):f&&typeof HTMLElement=="function"&&f instanceof HTMLElement?Gt(f,l):"constructor"in f?f.constructor!==Object?J(f,l):U(f,l):f===Object(f)?U(f,l):l.stylize(String(f),M)}function mi(f,l){return it.has(f)?!1:(it.set(f,l),!0)}function bi(f,l){return f in ot?!1:(ot[f]=l,!0)}var xi=nt;n.custom=xi,n.default=st,n.inspect=st,n.registerConstructor=mi,n.registerStringTag=bi,Object.defineProperty(n,"__esModule",{value:!0})}))});var Ie=F((ca,Wr)=>{E();v();Wr.exports={includeStack:!1,showDiff:!0,truncateThreshold:40,useProxy:!0,proxyExcludedKeys:["then","catch","inspect","toJSON"],deepEqual:null}});var pt=F((pa,Yr)=>{E();v();var ha=lt(),vo=Kr(),Gr=Ie();Yr.exports=Eo;function Eo(n,t,e,s){var r={colors:s,depth:typeof e>"u"?2:e,showHidden:t,truncate:Gr.truncateThreshold?Gr.truncateThreshold:1/0};return vo.inspect(n,r)}});var zt=F((ga,Zr)=>{E();v();var Ao=pt(),Jr=Ie();Zr.exports=function(t){var e=Ao(t),s=Object.prototype.toString.call(t);if(Jr.truncateThreshold&&e.length>=Jr.truncateThreshold){if(s==="[object Function]")return!t.name||t.name===""?"[Function]":"[Function: "+t.name+"]";if(s==="[object Array]")return"[ Array("+t.length+") ]";if(s==="[object Object]"){var r=Object.keys(t),i=r.length>2?r.splice(0,2).join(", ")+", ...":r.join(", ");return"{ Object ("+i+") }"}else return e}else return e}});var Xr=F((ba,Qr)=>{E();v();var Rt=oe(),Bo=kt(),Lt=zt();Qr.exports=function(t,e){var s=Rt(t,"negate"),r=Rt(t,"object"),i=e[3],o=Bo(t,e),a=s?e[2]:e[1],c=Rt(t,"message");return typeof a=="function"&&(a=a()),a=a||"",a=a.replace(/#\{this\}/g,function(){return Lt(r)}).replace(/#\{act\}/g,function(){return Lt(o)}).replace(/#\{exp\}/g,function(){return Lt(i)}),c?c+": "+a:a}});var be=F((Ea,Hr)=>{E();v();Hr.exports=function(t,e,s){var r=t.__flags||(t.__flags=Object.create(null));e.__flags||(e.__flags=Object.create(null)),s=arguments.length===3?s:!0;for(var i in r)(s||i!=="object"&&i!=="ssfi"&&i!=="lockSsfi"&&i!="message")&&(e.__flags[i]=r[i])}});var hn=F((Sa,$t)=>{"use strict";E();v();var en=Ye();function cn(){this._key="chai/deep-eql__"+Math.random()+Date.now()}cn.prototype={get:function(t){return t[this._key]},set:function(t,e){Object.isExtensible(t)&&Object.defineProperty(t,this._key,{value:e,configurable:!0})}};var Vt=typeof WeakMap=="function"?WeakMap:cn;function tn(n,t,e){if(!e||Re(n)||Re(t))return null;var s=e.get(n);if(s){var r=s.get(t);if(typeof r=="boolean")return r}return null}function dt(n,t,e,s){if(!(!e||Re(n)||Re(t))){var r=e.get(n);r?r.set(t,s):(r=new Vt,r.set(t,s),e.set(n,r))}}$t.exports=yt;$t.exports.MemoizeMap=Vt;function yt(n,t,e){if(e&&e.comparator)return rn(n,t,e);var s=fn(n,t);return s!==null?s:rn(n,t,e)}function fn(n,t){return n===t?n!==0||1/n===1/t:n!==n&&t!==t?!0:Re(n)||Re(t)?!1:null}function rn(n,t,e){e=e||{},e.memoize=e.memoize===!1?!1:e.memoize||new Vt;var s=e&&e.comparator,r=tn(n,t,e.memoize);if(r!==null)return r;var i=tn(t,n,e.memoize);if(i!==null)return i;if(s){var o=s(n,t);if(o===!1||o===!0)return dt(n,t,e.memoize,o),o;var a=fn(n,t);if(a!==null)return a}var c=en(n);if(c!==en(t))return dt(n,t,e.memoize,!1),!1;dt(n,t,e.memoize,!0);var w=So(n,t,c,e);return dt(n,t,e.memoize,w),w}function So(n,t,e,s){switch(e){case"String":case"Number":case"Boolean":case"Date":return yt(n.valueOf(),t.valueOf());case"Promise":case"Symbol":case"function":case"WeakMap":case"WeakSet":return n===t;case"Error":return ln(n,t,["name","message","code"],s);case"Arguments":case"Int8Array":case"Uint8Array":case"Uint8ClampedArray":case"Int16Array":case"Uint16Array":case"Int32Array":case"Uint32Array":case"Float32Array":case"Float64Array":case"Array":return Me(n,t,s);case"RegExp":return Io(n,t);case"Generator":return Mo(n,t,s);case"DataView":return Me(new Uint8Array(n.buffer),new Uint8Array(t.buffer),s);case"ArrayBuffer":return Me(new Uint8Array(n),new Uint8Array(t),s);case"Set":return nn(n,t,s);case"Map":return nn(n,t,s);case"Temporal.PlainDate":case"Temporal.PlainTime":case"Temporal.PlainDateTime":case"Temporal.Instant":case"Temporal.ZonedDateTime":case"Temporal.PlainYearMonth":case"Temporal.PlainMonthDay":return n.equals(t);case"Temporal.Duration":return n.total("nanoseconds")===t.total("nanoseconds");case"Temporal.TimeZone":case"Temporal.Calendar":return n.toString()===t.toString();default:return To(n,t,s)}}function Io(n,t){return n.toString()===t.toString()}function nn(n,t,e){try{if(n.size!==t.size)return!1;if(n.size===0)return!0}catch{return!1}var s=[],r=[];return n.forEach(function(o,a){s.push([o,a])}),t.forEach(function(o,a){r.push([o,a])}),Me(s.sort(),r.sort(),e)}function Me(n,t,e){var s=n.length;if(s!==t.length)return!1;if(s===0)return!0;for(var r=-1;++r<s;)if(yt(n[r],t[r],e)===!1)return!1;return!0}function Mo(n,t,e){return Me(_t(n),_t(t),e)}function Po(n){return typeof Symbol<"u"&&typeof n=="object"&&typeof Symbol.iterator<"u"&&typeof n[Symbol.iterator]=="function"}function on(n){if(Po(n))try{return _t(n[Symbol.iterator]())}catch{return[]}return[]}function _t(n){for(var t=n.next(),e=[t.value];t.done===!1;)t=n.next(),e.push(t.value);return e}function sn(n){var t=[];for(var e in n)t.push(e);return t}function an(n){for(var t=[],e=Object.getOwnPropertySymbols(n),s=0;s<e.length;s+=1){var r=e[s];Object.getOwnPropertyDescriptor(n,r).enumerable&&t.push(r)}return t}function ln(n,t,e,s){var r=e.length;if(r===0)return!0;for(var i=0;i<r;i+=1)if(yt(n[e[i]],t[e[i]],s)===!1)return!1;return!0}function To(n,t,e){var s=sn(n),r=sn(t),i=an(n),o=an(t);if(s=s.concat(i),r=r.concat(o),s.length&&s.length===r.length)return Me(un(s).sort(),un(r).sort())===!1?!1:ln(n,t,s,e);var a=on(n),c=on(t);return a.length&&a.length===c.length?(a.sort(),c.sort(),Me(a,c,e)):s.length===0&&a.length===0&&r.length===0&&c.length===0}function Re(n){return n===null||typeof n!="object"}function un(n){return n.map(function(e){return typeof e=="symbol"?e.toString():e})}});var Je=F((Pa,pn)=>{E();v();var No=Ie();pn.exports=function(){return No.useProxy&&typeof Proxy<"u"&&typeof Reflect<"u"}});var gn=F((Oa,yn)=>{E();v();var Oo=xe(),dn=oe(),Fo=Je(),qo=be();yn.exports=function(t,e,s){s=s===void 0?function(){}:s,Object.defineProperty(t,e,{get:function r(){!Fo()&&!dn(this,"lockSsfi")&&dn(this,"ssfi",r);var i=s.call(this);if(i!==void 0)return i;var o=new Oo.Assertion;return qo(this,o),o},configurable:!0})}});var Ze=F((ja,wn)=>{E();v();var jo=Object.getOwnPropertyDescriptor(function(){},"length");wn.exports=function(t,e,s){return jo.configurable&&Object.defineProperty(t,"length",{get:function(){throw Error(s?"Invalid Chai property: "+e+'.length. Due to a compatibility issue, "length" cannot directly follow "'+e+'". Use "'+e+'.lengthOf" instead.':"Invalid Chai property: "+e+'.length. See docs for proper usage of "'+e+'".')}}),t}});var bn=F((Ua,mn)=>{E();v();mn.exports=function(t){var e=Object.getOwnPropertyNames(t);function s(i){e.indexOf(i)===-1&&e.push(i)}for(var r=Object.getPrototypeOf(t);r!==null;)Object.getOwnPropertyNames(r).forEach(s),r=Object.getPrototypeOf(r);return e}});var Qe=F((Ra,En)=>{E();v();var Do=Ie(),xn=oe(),Co=bn(),Uo=Je();var vn=["__flags","__methods","_obj","assert"];En.exports=function(t,e){return Uo()?new Proxy(t,{get:function s(r,i){if(typeof i=="string"&&Do.proxyExcludedKeys.indexOf(i)===-1&&!Reflect.has(r,i)){if(e)throw Error("Invalid Chai property: "+e+"."+i+'. See docs for proper usage of "'+e+'".');var o=null,a=4;throw Co(r).forEach(function(c){if(!Object.prototype.hasOwnProperty(c)&&vn.indexOf(c)===-1){var w=ko(i,c,a);w<a&&(o=c,a=w)}}),Error(o!==null?"Invalid Chai property: "+i+'. Did you mean "'+o+'"?':"Invalid Chai property: "+i)}return vn.indexOf(i)===-1&&!xn(r,"lockSsfi")&&xn(r,"ssfi",s),Reflect.get(r,i)}}):t};function ko(n,t,e){if(Math.abs(n.length-t.length)>=e)return e;for(var s=[],r=0;r<=n.length;r++)s[r]=Array(t.length+1).fill(0),s[r][0]=r;for(var i=0;i<t.length;i++)s[0][i]=i;for(var r=1;r<=n.length;r++)for(var o=n.charCodeAt(r-1),i=1;i<=t.length;i++){if(Math.abs(r-i)>=e){s[r][i]=e;continue}s[r][i]=Math.min(s[r-1][i]+1,s[r][i-1]+1,s[r-1][i-1]+(o===t.charCodeAt(i-1)?0:1))}return s[n.length][t.length]}});var Sn=F((Va,Bn)=>{E();v();var zo=Ze(),Ro=xe(),An=oe(),Lo=Qe(),_o=be();Bn.exports=function(t,e,s){var r=function(){An(this,"lockSsfi")||An(this,"ssfi",r);var i=s.apply(this,arguments);if(i!==void 0)return i;var o=new Ro.Assertion;return _o(this,o),o};zo(r,e,!1),t[e]=Lo(r,e)}});var Mn=F((Wa,In)=>{E();v();var Vo=xe(),Xe=oe(),$o=Je(),Ko=be();In.exports=function(t,e,s){var r=Object.getOwnPropertyDescriptor(t,e),i=function(){};r&&typeof r.get=="function"&&(i=r.get),Object.defineProperty(t,e,{get:function o(){!$o()&&!Xe(this,"lockSsfi")&&Xe(this,"ssfi",o);var a=Xe(this,"lockSsfi");Xe(this,"lockSsfi",!0);var c=s(i).call(this);if(Xe(this,"lockSsfi",a),c!==void 0)return c;var w=new Vo.Assertion;return Ko(this,w),w},configurable:!0})}});var Tn=F((Ja,Pn)=>{E();v();var Wo=Ze(),Go=xe(),He=oe(),Yo=Qe(),Jo=be();Pn.exports=function(t,e,s){var r=t[e],i=function(){throw new Error(e+" is not a function")};r&&typeof r=="function"&&(i=r);var o=function(){He(this,"lockSsfi")||He(this,"ssfi",o);var a=He(this,"lockSsfi");He(this,"lockSsfi",!0);var c=s(i).apply(this,arguments);if(He(this,"lockSsfi",a),c!==void 0)return c;var w=new Go.Assertion;return Jo(this,w),w};Wo(o,e,!1),t[e]=Yo(o,e)}});var jn=F((Xa,qn)=>{E();v();var Zo=Ze(),Qo=xe(),Nn=oe(),Xo=Qe(),On=be();var Ho=typeof Object.setPrototypeOf=="function",Fn=function(){},es=Object.getOwnPropertyNames(Fn).filter(function(n){var t=Object.getOwnPropertyDescriptor(Fn,n);return typeof t!="object"?!0:!t.configurable}),ts=Function.prototype.call,rs=Function.prototype.apply;qn.exports=function(t,e,s,r){typeof r!="function"&&(r=function(){});var i={method:s,chainingBehavior:r};t.__methods||(t.__methods={}),t.__methods[e]=i,Object.defineProperty(t,e,{get:function(){i.chainingBehavior.call(this);var a=function(){Nn(this,"lockSsfi")||Nn(this,"ssfi",a);var x=i.method.apply(this,arguments);if(x!==void 0)return x;var P=new Qo.Assertion;return On(this,P),P};if(Zo(a,e,!0),Ho){var c=Object.create(this);c.call=ts,c.apply=rs,Object.setPrototypeOf(a,c)}else{var w=Object.getOwnPropertyNames(t);w.forEach(function(x){if(es.indexOf(x)===-1){var P=Object.getOwnPropertyDescriptor(t,x);Object.defineProperty(a,x,P)}})}return On(this,a),Xo(a)},configurable:!0})}});var kn=F((tu,Un)=>{E();v();var Dn=xe(),Cn=be();Un.exports=function(t,e,s,r){var i=t.__methods[e],o=i.chainingBehavior;i.chainingBehavior=function(){var w=r(o).call(this);if(w!==void 0)return w;var x=new Dn.Assertion;return Cn(this,x),x};var a=i.method;i.method=function(){var w=s(a).apply(this,arguments);if(w!==void 0)return w;var x=new Dn.Assertion;return Cn(this,x),x}}});var Ln=F((iu,Rn)=>{E();v();var zn=pt();Rn.exports=function(t,e){return zn(t)<zn(e)?-1:1}});var Kt=F((au,_n)=>{E();v();_n.exports=function(t){return typeof Object.getOwnPropertySymbols!="function"?[]:Object.getOwnPropertySymbols(t).filter(function(e){return Object.getOwnPropertyDescriptor(t,e).enumerable})}});var $n=F((fu,Vn)=>{E();v();var ns=Kt();Vn.exports=function(t){return Object.keys(t).concat(ns(t))}});var Wn=F((pu,Kn)=>{"use strict";E();v();var Wt=lt();function is(n,t){return t instanceof Error&&n===t}function os(n,t){return t instanceof Error?n.constructor===t.constructor||n instanceof t.constructor:t.prototype instanceof Error||t===Error?n.constructor===t||n instanceof t:!1}function ss(n,t){var e=typeof n=="string"?n:n.message;return t instanceof RegExp?t.test(e):typeof t=="string"?e.indexOf(t)!==-1:!1}function as(n){var t=n;if(n instanceof Error)t=Wt(n.constructor);else if(typeof n=="function"&&(t=Wt(n),t==="")){var e=Wt(new n);t=e||t}return t}function us(n){var t="";return n&&n.message?t=n.message:typeof n=="string"&&(t=n),t}Kn.exports={compatibleInstance:is,compatibleConstructor:os,compatibleMessage:ss,getMessage:us,getConstructorName:as}});var Yn=F((gu,Gn)=>{E();v();function cs(n){return n!==n}Gn.exports=Number.isNaN||cs});var Qn=F((bu,Zn)=>{E();v();var fs=Ye(),Jn=oe();function ls(n){var t=fs(n),e=["Array","Object","function"];return e.indexOf(t)!==-1}Zn.exports=function(t,e){var s=Jn(t,"operator"),r=Jn(t,"negate"),i=e[3],o=r?e[2]:e[1];if(s)return s;if(typeof o=="function"&&(o=o()),o=o||"",!!o&&!/\shave\s/.test(o)){var a=ls(i);return/\snot\s/.test(o)?a?"notDeepStrictEqual":"notStrictEqual":a?"deepStrictEqual":"strictEqual"}}});var Hn=F(z=>{E();v();var Xn=Dr();z.test=kr();z.type=Ye();z.expectTypes=Rr();z.getMessage=Xr();z.getActual=kt();z.inspect=pt();z.objDisplay=zt();z.flag=oe();z.transferFlags=be();z.eql=hn();z.getPathInfo=Xn.getPathInfo;z.hasProperty=Xn.hasProperty;z.getName=lt();z.addProperty=gn();z.addMethod=Sn();z.overwriteProperty=Mn();z.overwriteMethod=Tn();z.addChainableMethod=jn();z.overwriteChainableMethod=kn();z.compareByInspect=Ln();z.getOwnEnumerablePropertySymbols=Kt();z.getOwnEnumerableProperties=$n();z.checkError=Wn();z.proxify=Qe();z.addLengthGuard=Ze();z.isProxyEnabled=Je();z.isNaN=Yn();z.getOperator=Qn()});var ti=F((Su,ei)=>{E();v();var Pe=Ie();ei.exports=function(n,t){var e=n.AssertionError,s=t.flag;n.Assertion=r;function r(i,o,a,c){return s(this,"ssfi",a||r),s(this,"lockSsfi",c),s(this,"object",i),s(this,"message",o),s(this,"eql",Pe.deepEqual||t.eql),t.proxify(this)}Object.defineProperty(r,"includeStack",{get:function(){return console.warn("Assertion.includeStack is deprecated, use chai.config.includeStack instead."),Pe.includeStack},set:function(i){console.warn("Assertion.includeStack is deprecated, use chai.config.includeStack instead."),Pe.includeStack=i}}),Object.defineProperty(r,"showDiff",{get:function(){return console.warn("Assertion.showDiff is deprecated, use chai.config.showDiff instead."),Pe.showDiff},set:function(i){console.warn("Assertion.showDiff is deprecated, use chai.config.showDiff instead."),Pe.showDiff=i}}),r.addProperty=function(i,o){t.addProperty(this.prototype,i,o)},r.addMethod=function(i,o){t.addMethod(this.prototype,i,o)},r.addChainableMethod=function(i,o,a){t.addChainableMethod(this.prototype,i,o,a)},r.overwriteProperty=function(i,o){t.overwriteProperty(this.prototype,i,o)},r.overwriteMethod=function(i,o){t.overwriteMethod(this.prototype,i,o)},r.overwriteChainableMethod=function(i,o,a){t.overwriteChainableMethod(this.prototype,i,o,a)},r.prototype.assert=function(i,o,a,c,w,x){var P=t.test(this,arguments);if(x!==!1&&(x=!0),c===void 0&&w===void 0&&(x=!1),Pe.showDiff!==!0&&(x=!1),!P){o=t.getMessage(this,arguments);var Q=t.getActual(this,arguments),R={actual:Q,expected:c,showDiff:x},$=t.getOperator(this,arguments);throw $&&(R.operator=$),new e(o,R,Pe.includeStack?this.assert:s(this,"ssfi"))}};Object.defineProperty(r.prototype,"_obj",{get:function(){return s(this,"object")},set:function(i){s(this,"object",i)}})}});var ni=F((Pu,ri)=>{E();v();ri.exports=function(n,t){var e=n.Assertion,s=n.AssertionError,r=t.flag;["to","be","been","is","and","has","have","with","that","which","at","of","same","but","does","still","also"].forEach(function(u){e.addProperty(u)}),e.addProperty("not",function(){r(this,"negate",!0)}),e.addProperty("deep",function(){r(this,"deep",!0)}),e.addProperty("nested",function(){r(this,"nested",!0)}),e.addProperty("own",function(){r(this,"own",!0)}),e.addProperty("ordered",function(){r(this,"ordered",!0)}),e.addProperty("any",function(){r(this,"any",!0),r(this,"all",!1)}),e.addProperty("all",function(){r(this,"all",!0),r(this,"any",!1)});function i(u,h){h&&r(this,"message",h),u=u.toLowerCase();var y=r(this,"object"),m=~["a","e","i","o","u"].indexOf(u.charAt(0))?"an ":"a ";this.assert(u===t.type(y).toLowerCase(),"expected #{this} to be "+m+u,"expected #{this} not to be "+m+u)}e.addChainableMethod("an",i),e.addChainableMethod("a",i);function o(u,h){return t.isNaN(u)&&t.isNaN(h)||u===h}function a(){r(this,"contains",!0)}function c(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=t.type(y).toLowerCase(),A=r(this,"message"),B=r(this,"negate"),b=r(this,"ssfi"),d=r(this,"deep"),I=d?"deep ":"",T=d?r(this,"eql"):o;A=A?A+": ":"";var q=!1;switch(m){case"string":q=y.indexOf(u)!==-1;break;case"weakset":if(d)throw new s(A+"unable to use .deep.include with WeakSet",void 0,b);q=y.has(u);break;case"map":y.forEach(function(U){q=q||T(U,u)});break;case"set":d?y.forEach(function(U){q=q||T(U,u)}):q=y.has(u);break;case"array":d?q=y.some(function(U){return T(U,u)}):q=y.indexOf(u)!==-1;break;default:if(u!==Object(u))throw new s(A+"the given combination of arguments ("+m+" and "+t.type(u).toLowerCase()+") is invalid for this assertion. You can use an array, a map, an object, a set, a string, or a weakset instead of a "+t.type(u).toLowerCase(),void 0,b);var L=Object.keys(u),C=null,D=0;if(L.forEach(function(U){var V=new e(y);if(t.transferFlags(this,V,!0),r(V,"lockSsfi",!0),!B||L.length===1){V.property(U,u[U]);return}try{V.property(U,u[U])}catch(J){if(!t.checkError.compatibleConstructor(J,s))throw J;C===null&&(C=J),D++}},this),B&&L.length>1&&D===L.length)throw C;return}this.assert(q,"expected #{this} to "+I+"include "+t.inspect(u),"expected #{this} to not "+I+"include "+t.inspect(u))}e.addChainableMethod("include",c,a),e.addChainableMethod("contain",c,a),e.addChainableMethod("contains",c,a),e.addChainableMethod("includes",c,a),e.addProperty("ok",function(){this.assert(r(this,"object"),"expected #{this} to be truthy","expected #{this} to be falsy")}),e.addProperty("true",function(){this.assert(r(this,"object")===!0,"expected #{this} to be true","expected #{this} to be false",!r(this,"negate"))}),e.addProperty("false",function(){this.assert(r(this,"object")===!1,"expected #{this} to be false","expected #{this} to be true",!!r(this,"negate"))}),e.addProperty("null",function(){this.assert(r(this,"object")===null,"expected #{this} to be null","expected #{this} not to be null")}),e.addProperty("undefined",function(){this.assert(r(this,"object")===void 0,"expected #{this} to be undefined","expected #{this} not to be undefined")}),e.addProperty("NaN",function(){this.assert(t.isNaN(r(this,"object")),"expected #{this} to be NaN","expected #{this} not to be NaN")});function w(){var u=r(this,"object");this.assert(u!=null,"expected #{this} to exist","expected #{this} to not exist")}e.addProperty("exist",w),e.addProperty("exists",w),e.addProperty("empty",function(){var u=r(this,"object"),h=r(this,"ssfi"),y=r(this,"message"),m;switch(y=y?y+": ":"",t.type(u).toLowerCase()){case"array":case"string":m=u.length;break;case"map":case"set":m=u.size;break;case"weakmap":case"weakset":throw new s(y+".empty was passed a weak collection",void 0,h);case"function":var A=y+".empty was passed a function "+t.getName(u);throw new s(A.trim(),void 0,h);default:if(u!==Object(u))throw new s(y+".empty was passed non-string primitive "+t.inspect(u),void 0,h);m=Object.keys(u).length}this.assert(m===0,"expected #{this} to be empty","expected #{this} not to be empty")});function x(){var u=r(this,"object"),h=t.type(u);this.assert(h==="Arguments","expected #{this} to be arguments but got "+h,"expected #{this} to not be arguments")}e.addProperty("arguments",x),e.addProperty("Arguments",x);function P(u,h){h&&r(this,"message",h);var y=r(this,"object");if(r(this,"deep")){var m=r(this,"lockSsfi");r(this,"lockSsfi",!0),this.eql(u),r(this,"lockSsfi",m)}else this.assert(u===y,"expected #{this} to equal #{exp}","expected #{this} to not equal #{exp}",u,this._obj,!0)}e.addMethod("equal",P),e.addMethod("equals",P),e.addMethod("eq",P);function Q(u,h){h&&r(this,"message",h);var y=r(this,"eql");this.assert(y(u,r(this,"object")),"expected #{this} to deeply equal #{exp}","expected #{this} to not deeply equal #{exp}",u,this._obj,!0)}e.addMethod("eql",Q),e.addMethod("eqls",Q);function R(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"doLength"),A=r(this,"message"),B=A?A+": ":"",b=r(this,"ssfi"),d=t.type(y).toLowerCase(),I=t.type(u).toLowerCase(),T,q=!0;if(m&&d!=="map"&&d!=="set"&&new e(y,A,b,!0).to.have.property("length"),!m&&d==="date"&&I!=="date")T=B+"the argument to above must be a date";else if(I!=="number"&&(m||d==="number"))T=B+"the argument to above must be a number";else if(!m&&d!=="date"&&d!=="number"){var L=d==="string"?"'"+y+"'":y;T=B+"expected "+L+" to be a number or a date"}else q=!1;if(q)throw new s(T,void 0,b);if(m){var C="length",D;d==="map"||d==="set"?(C="size",D=y.size):D=y.length,this.assert(D>u,"expected #{this} to have a "+C+" above #{exp} but got #{act}","expected #{this} to not have a "+C+" above #{exp}",u,D)}else this.assert(y>u,"expected #{this} to be above #{exp}","expected #{this} to be at most #{exp}",u)}e.addMethod("above",R),e.addMethod("gt",R),e.addMethod("greaterThan",R);function $(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"doLength"),A=r(this,"message"),B=A?A+": ":"",b=r(this,"ssfi"),d=t.type(y).toLowerCase(),I=t.type(u).toLowerCase(),T,q=!0;if(m&&d!=="map"&&d!=="set"&&new e(y,A,b,!0).to.have.property("length"),!m&&d==="date"&&I!=="date")T=B+"the argument to least must be a date";else if(I!=="number"&&(m||d==="number"))T=B+"the argument to least must be a number";else if(!m&&d!=="date"&&d!=="number"){var L=d==="string"?"'"+y+"'":y;T=B+"expected "+L+" to be a number or a date"}else q=!1;if(q)throw new s(T,void 0,b);if(m){var C="length",D;d==="map"||d==="set"?(C="size",D=y.size):D=y.length,this.assert(D>=u,"expected #{this} to have a "+C+" at least #{exp} but got #{act}","expected #{this} to have a "+C+" below #{exp}",u,D)}else this.assert(y>=u,"expected #{this} to be at least #{exp}","expected #{this} to be below #{exp}",u)}e.addMethod("least",$),e.addMethod("gte",$),e.addMethod("greaterThanOrEqual",$);function le(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"doLength"),A=r(this,"message"),B=A?A+": ":"",b=r(this,"ssfi"),d=t.type(y).toLowerCase(),I=t.type(u).toLowerCase(),T,q=!0;if(m&&d!=="map"&&d!=="set"&&new e(y,A,b,!0).to.have.property("length"),!m&&d==="date"&&I!=="date")T=B+"the argument to below must be a date";else if(I!=="number"&&(m||d==="number"))T=B+"the argument to below must be a number";else if(!m&&d!=="date"&&d!=="number"){var L=d==="string"?"'"+y+"'":y;T=B+"expected "+L+" to be a number or a date"}else q=!1;if(q)throw new s(T,void 0,b);if(m){var C="length",D;d==="map"||d==="set"?(C="size",D=y.size):D=y.length,this.assert(D<u,"expected #{this} to have a "+C+" below #{exp} but got #{act}","expected #{this} to not have a "+C+" below #{exp}",u,D)}else this.assert(y<u,"expected #{this} to be below #{exp}","expected #{this} to be at least #{exp}",u)}e.addMethod("below",le),e.addMethod("lt",le),e.addMethod("lessThan",le);function re(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"doLength"),A=r(this,"message"),B=A?A+": ":"",b=r(this,"ssfi"),d=t.type(y).toLowerCase(),I=t.type(u).toLowerCase(),T,q=!0;if(m&&d!=="map"&&d!=="set"&&new e(y,A,b,!0).to.have.property("length"),!m&&d==="date"&&I!=="date")T=B+"the argument to most must be a date";else if(I!=="number"&&(m||d==="number"))T=B+"the argument to most must be a number";else if(!m&&d!=="date"&&d!=="number"){var L=d==="string"?"'"+y+"'":y;T=B+"expected "+L+" to be a number or a date"}else q=!1;if(q)throw new s(T,void 0,b);if(m){var C="length",D;d==="map"||d==="set"?(C="size",D=y.size):D=y.length,this.assert(D<=u,"expected #{this} to have a "+C+" at most #{exp} but got #{act}","expected #{this} to have a "+C+" above #{exp}",u,D)}else this.assert(y<=u,"expected #{this} to be at most #{exp}","expected #{this} to be above #{exp}",u)}e.addMethod("most",re),e.addMethod("lte",re),e.addMethod("lessThanOrEqual",re),e.addMethod("within",function(u,h,y){y&&r(this,"message",y);var m=r(this,"object"),A=r(this,"doLength"),B=r(this,"message"),b=B?B+": ":"",d=r(this,"ssfi"),I=t.type(m).toLowerCase(),T=t.type(u).toLowerCase(),q=t.type(h).toLowerCase(),L,C=!0,D=T==="date"&&q==="date"?u.toISOString()+".."+h.toISOString():u+".."+h;if(A&&I!=="map"&&I!=="set"&&new e(m,B,d,!0).to.have.property("length"),!A&&I==="date"&&(T!=="date"||q!=="date"))L=b+"the arguments to within must be dates";else if((T!=="number"||q!=="number")&&(A||I==="number"))L=b+"the arguments to within must be numbers";else if(!A&&I!=="date"&&I!=="number"){var U=I==="string"?"'"+m+"'":m;L=b+"expected "+U+" to be a number or a date"}else C=!1;if(C)throw new s(L,void 0,d);if(A){var V="length",J;I==="map"||I==="set"?(V="size",J=m.size):J=m.length,this.assert(J>=u&&J<=h,"expected #{this} to have a "+V+" within "+D,"expected #{this} to not have a "+V+" within "+D)}else this.assert(m>=u&&m<=h,"expected #{this} to be within "+D,"expected #{this} to not be within "+D)});function Te(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"ssfi"),A=r(this,"message");try{var B=y instanceof u}catch(d){throw d instanceof TypeError?(A=A?A+": ":"",new s(A+"The instanceof assertion needs a constructor but "+t.type(u)+" was given.",void 0,m)):d}var b=t.getName(u);b===null&&(b="an unnamed constructor"),this.assert(B,"expected #{this} to be an instance of "+b,"expected #{this} to not be an instance of "+b)}e.addMethod("instanceof",Te),e.addMethod("instanceOf",Te);function Ne(u,h,y){y&&r(this,"message",y);var m=r(this,"nested"),A=r(this,"own"),B=r(this,"message"),b=r(this,"object"),d=r(this,"ssfi"),I=typeof u;if(B=B?B+": ":"",m){if(I!=="string")throw new s(B+"the argument to property must be a string when using nested syntax",void 0,d)}else if(I!=="string"&&I!=="number"&&I!=="symbol")throw new s(B+"the argument to property must be a string, number, or symbol",void 0,d);if(m&&A)throw new s(B+'The "nested" and "own" flags cannot be combined.',void 0,d);if(b==null)throw new s(B+"Target cannot be null or undefined.",void 0,d);var T=r(this,"deep"),q=r(this,"negate"),L=m?t.getPathInfo(b,u):null,C=m?L.value:b[u],D=T?r(this,"eql"):(J,we)=>J===we,U="";T&&(U+="deep "),A&&(U+="own "),m&&(U+="nested "),U+="property ";var V;A?V=Object.prototype.hasOwnProperty.call(b,u):m?V=L.exists:V=t.hasProperty(b,u),(!q||arguments.length===1)&&this.assert(V,"expected #{this} to have "+U+t.inspect(u),"expected #{this} to not have "+U+t.inspect(u)),arguments.length>1&&this.assert(V&&D(h,C),"expected #{this} to have "+U+t.inspect(u)+" of #{exp}, but got #{act}","expected #{this} to not have "+U+t.inspect(u)+" of #{act}",h,C),r(this,"object",C)}e.addMethod("property",Ne);function Oe(u,h,y){r(this,"own",!0),Ne.apply(this,arguments)}e.addMethod("ownProperty",Oe),e.addMethod("haveOwnProperty",Oe);function Fe(u,h,y){typeof h=="string"&&(y=h,h=null),y&&r(this,"message",y);var m=r(this,"object"),A=Object.getOwnPropertyDescriptor(Object(m),u),B=r(this,"eql");A&&h?this.assert(B(h,A),"expected the own property descriptor for "+t.inspect(u)+" on #{this} to match "+t.inspect(h)+", got "+t.inspect(A),"expected the own property descriptor for "+t.inspect(u)+" on #{this} to not match "+t.inspect(h),h,A,!0):this.assert(A,"expected #{this} to have an own property descriptor for "+t.inspect(u),"expected #{this} to not have an own property descriptor for "+t.inspect(u)),r(this,"object",A)}e.addMethod("ownPropertyDescriptor",Fe),e.addMethod("haveOwnPropertyDescriptor",Fe);function W(){r(this,"doLength",!0)}function se(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=t.type(y).toLowerCase(),A=r(this,"message"),B=r(this,"ssfi"),b="length",d;switch(m){case"map":case"set":b="size",d=y.size;break;default:new e(y,A,B,!0).to.have.property("length"),d=y.length}this.assert(d==u,"expected #{this} to have a "+b+" of #{exp} but got #{act}","expected #{this} to not have a "+b+" of #{act}",u,d)}e.addChainableMethod("length",se,W),e.addChainableMethod("lengthOf",se,W);function ge(u,h){h&&r(this,"message",h);var y=r(this,"object");this.assert(u.exec(y),"expected #{this} to match "+u,"expected #{this} not to match "+u)}e.addMethod("match",ge),e.addMethod("matches",ge),e.addMethod("string",function(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"message"),A=r(this,"ssfi");new e(y,m,A,!0).is.a("string"),this.assert(~y.indexOf(u),"expected #{this} to contain "+t.inspect(u),"expected #{this} to not contain "+t.inspect(u))});function _(u){var h=r(this,"object"),y=t.type(h),m=t.type(u),A=r(this,"ssfi"),B=r(this,"deep"),b,d="",I,T=!0,q=r(this,"message");q=q?q+": ":"";var L=q+"when testing keys against an object or an array you must give a single Array|Object|String argument or multiple String arguments";if(y==="Map"||y==="Set")d=B?"deeply ":"",I=[],h.forEach(function(H,he){I.push(he)}),m!=="Array"&&(u=Array.prototype.slice.call(arguments));else{switch(I=t.getOwnEnumerableProperties(h),m){case"Array":if(arguments.length>1)throw new s(L,void 0,A);break;case"Object":if(arguments.length>1)throw new s(L,void 0,A);u=Object.keys(u);break;default:u=Array.prototype.slice.call(arguments)}u=u.map(function(H){return typeof H=="symbol"?H:String(H)})}if(!u.length)throw new s(q+"keys required",void 0,A);var C=u.length,D=r(this,"any"),U=r(this,"all"),V=u,J=B?r(this,"eql"):(H,he)=>H===he;if(!D&&!U&&(U=!0),D&&(T=V.some(function(H){return I.some(function(he){return J(H,he)})})),U&&(T=V.every(function(H){return I.some(function(he){return J(H,he)})}),r(this,"contains")||(T=T&&u.length==I.length)),C>1){u=u.map(function(H){return t.inspect(H)});var we=u.pop();U&&(b=u.join(", ")+", and "+we),D&&(b=u.join(", ")+", or "+we)}else b=t.inspect(u[0]);b=(C>1?"keys ":"key ")+b,b=(r(this,"contains")?"contain ":"have ")+b,this.assert(T,"expected #{this} to "+d+b,"expected #{this} to not "+d+b,V.slice(0).sort(t.compareByInspect),I.sort(t.compareByInspect),!0)}e.addMethod("keys",_),e.addMethod("key",_);function Le(u,h,y){y&&r(this,"message",y);var m=r(this,"object"),A=r(this,"ssfi"),B=r(this,"message"),b=r(this,"negate")||!1;new e(m,B,A,!0).is.a("function"),(u instanceof RegExp||typeof u=="string")&&(h=u,u=null);var d;try{m()}catch(we){d=we}var I=u===void 0&&h===void 0,T=!!(u&&h),q=!1,L=!1;if(I||!I&&!b){var C="an error";u instanceof Error?C="#{exp}":u&&(C=t.checkError.getConstructorName(u)),this.assert(d,"expected #{this} to throw "+C,"expected #{this} to not throw an error but #{act} was thrown",u&&u.toString(),d instanceof Error?d.toString():typeof d=="string"?d:d&&t.checkError.getConstructorName(d))}if(u&&d){if(u instanceof Error){var D=t.checkError.compatibleInstance(d,u);D===b&&(T&&b?q=!0:this.assert(b,"expected #{this} to throw #{exp} but #{act} was thrown","expected #{this} to not throw #{exp}"+(d&&!b?" but #{act} was thrown":""),u.toString(),d.toString()))}var U=t.checkError.compatibleConstructor(d,u);U===b&&(T&&b?q=!0:this.assert(b,"expected #{this} to throw #{exp} but #{act} was thrown","expected #{this} to not throw #{exp}"+(d?" but #{act} was thrown":""),u instanceof Error?u.toString():u&&t.checkError.getConstructorName(u),d instanceof Error?d.toString():d&&t.checkError.getConstructorName(d)))}if(d&&h!==void 0&&h!==null){var V="including";h instanceof RegExp&&(V="matching");var J=t.checkError.compatibleMessage(d,h);J===b&&(T&&b?L=!0:this.assert(b,"expected #{this} to throw error "+V+" #{exp} but got #{act}","expected #{this} to throw error not "+V+" #{exp}",h,t.checkError.getMessage(d)))}q&&L&&this.assert(b,"expected #{this} to throw #{exp} but #{act} was thrown","expected #{this} to not throw #{exp}"+(d?" but #{act} was thrown":""),u instanceof Error?u.toString():u&&t.checkError.getConstructorName(u),d instanceof Error?d.toString():d&&t.checkError.getConstructorName(d)),r(this,"object",d)}e.addMethod("throw",Le),e.addMethod("throws",Le),e.addMethod("Throw",Le);function _e(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"itself"),A=typeof y=="function"&&!m?y.prototype[u]:y[u];this.assert(typeof A=="function","expected #{this} to respond to "+t.inspect(u),"expected #{this} to not respond to "+t.inspect(u))}e.addMethod("respondTo",_e),e.addMethod("respondsTo",_e),e.addProperty("itself",function(){r(this,"itself",!0)});function et(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=u(y);this.assert(m,"expected #{this} to satisfy "+t.objDisplay(u),"expected #{this} to not satisfy"+t.objDisplay(u),!r(this,"negate"),m)}e.addMethod("satisfy",et),e.addMethod("satisfies",et);function tt(u,h,y){y&&r(this,"message",y);var m=r(this,"object"),A=r(this,"message"),B=r(this,"ssfi");if(new e(m,A,B,!0).is.a("number"),typeof u!="number"||typeof h!="number"){A=A?A+": ":"";var b=h===void 0?", and a delta is required":"";throw new s(A+"the arguments to closeTo or approximately must be numbers"+b,void 0,B)}this.assert(Math.abs(m-u)<=h,"expected #{this} to be close to "+u+" +/- "+h,"expected #{this} not to be close to "+u+" +/- "+h)}e.addMethod("closeTo",tt),e.addMethod("approximately",tt);function gt(u,h,y,m,A){if(!m){if(u.length!==h.length)return!1;h=h.slice()}return u.every(function(B,b){if(A)return y?y(B,h[b]):B===h[b];if(!y){var d=h.indexOf(B);return d===-1?!1:(m||h.splice(d,1),!0)}return h.some(function(I,T){return y(B,I)?(m||h.splice(T,1),!0):!1})})}e.addMethod("members",function(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"message"),A=r(this,"ssfi");new e(y,m,A,!0).to.be.an("array"),new e(u,m,A,!0).to.be.an("array");var B=r(this,"contains"),b=r(this,"ordered"),d,I,T;B?(d=b?"an ordered superset":"a superset",I="expected #{this} to be "+d+" of #{exp}",T="expected #{this} to not be "+d+" of #{exp}"):(d=b?"ordered members":"members",I="expected #{this} to have the same "+d+" as #{exp}",T="expected #{this} to not have the same "+d+" as #{exp}");var q=r(this,"deep")?r(this,"eql"):void 0;this.assert(gt(u,y,q,B,b),I,T,u,y,!0)});function wt(u,h){h&&r(this,"message",h);var y=r(this,"object"),m=r(this,"message"),A=r(this,"ssfi"),B=r(this,"contains"),b=r(this,"deep"),d=r(this,"eql");new e(u,m,A,!0).to.be.an("array"),B?this.assert(u.some(function(I){return y.indexOf(I)>-1}),"expected #{this} to contain one of #{exp}","expected #{this} to not contain one of #{exp}",u,y):b?this.assert(u.some(function(I){return d(y,I)}),"expected #{this} to deeply equal one of #{exp}","expected #{this} to deeply equal one of #{exp}",u,y):this.assert(u.indexOf(y)>-1,"expected #{this} to be one of #{exp}","expected #{this} to not be one of #{exp}",u,y)}e.addMethod("oneOf",wt);function Ve(u,h,y){y&&r(this,"message",y);var m=r(this,"object"),A=r(this,"message"),B=r(this,"ssfi");new e(m,A,B,!0).is.a("function");var b;h?(new e(u,A,B,!0).to.have.property(h),b=u[h]):(new e(u,A,B,!0).is.a("function"),b=u()),m();var d=h==null?u():u[h],I=h==null?b:"."+h;r(this,"deltaMsgObj",I),r(this,"initialDeltaValue",b),r(this,"finalDeltaValue",d),r(this,"deltaBehavior","change"),r(this,"realDelta",d!==b),this.assert(b!==d,"expected "+I+" to change","expected "+I+" to not change")}e.addMethod("change",Ve),e.addMethod("changes",Ve);function $e(u,h,y){y&&r(this,"message",y);var m=r(this,"object"),A=r(this,"message"),B=r(this,"ssfi");new e(m,A,B,!0).is.a("function");var b;h?(new e(u,A,B,!0).to.have.property(h),b=u[h]):(new e(u,A,B,!0).is.a("function"),b=u()),new e(b,A,B,!0).is.a("number"),m();var d=h==null?u():u[h],I=h==null?b:"."+h;r(this,"deltaMsgObj",I),r(this,"initialDeltaValue",b),r(this,"finalDeltaValue",d),r(this,"deltaBehavior","increase"),r(this,"realDelta",d-b),this.assert(d-b>0,"expected "+I+" to increase","expected "+I+" to not increase")}e.addMethod("increase",$e),e.addMethod("increases",$e);function rt(u,h,y){y&&r(this,"message",y);var m=r(this,"object"),A=r(this,"message"),B=r(this,"ssfi");new e(m,A,B,!0).is.a("function");var b;h?(new e(u,A,B,!0).to.have.property(h),b=u[h]):(new e(u,A,B,!0).is.a("function"),b=u()),new e(b,A,B,!0).is.a("number"),m();var d=h==null?u():u[h],I=h==null?b:"."+h;r(this,"deltaMsgObj",I),r(this,"initialDeltaValue",b),r(this,"finalDeltaValue",d),r(this,"deltaBehavior","decrease"),r(this,"realDelta",b-d),this.assert(d-b<0,"expected "+I+" to decrease","expected "+I+" to not decrease")}e.addMethod("decrease",rt),e.addMethod("decreases",rt);function mt(u,h){h&&r(this,"message",h);var y=r(this,"deltaMsgObj"),m=r(this,"initialDeltaValue"),A=r(this,"finalDeltaValue"),B=r(this,"deltaBehavior"),b=r(this,"realDelta"),d;B==="change"?d=Math.abs(A-m)===Math.abs(u):d=b===Math.abs(u),this.assert(d,"expected "+y+" to "+B+" by "+u,"expected "+y+" to not "+B+" by "+u)}e.addMethod("by",mt),e.addProperty("extensible",function(){var u=r(this,"object"),h=u===Object(u)&&Object.isExtensible(u);this.assert(h,"expected #{this} to be extensible","expected #{this} to not be extensible")}),e.addProperty("sealed",function(){var u=r(this,"object"),h=u===Object(u)?Object.isSealed(u):!0;this.assert(h,"expected #{this} to be sealed","expected #{this} to not be sealed")}),e.addProperty("frozen",function(){var u=r(this,"object"),h=u===Object(u)?Object.isFrozen(u):!0;this.assert(h,"expected #{this} to be frozen","expected #{this} to not be frozen")}),e.addProperty("finite",function(u){var h=r(this,"object");this.assert(typeof h=="number"&&isFinite(h),"expected #{this} to be a finite number","expected #{this} to not be a finite number")})}});var oi=F((Ou,ii)=>{E();v();ii.exports=function(n,t){n.expect=function(e,s){return new n.Assertion(e,s)},n.expect.fail=function(e,s,r,i){throw arguments.length<2&&(r=e,e=void 0),r=r||"expect.fail()",new n.AssertionError(r,{actual:e,expected:s,operator:i},n.expect.fail)}}});var ai=F((ju,si)=>{E();v();si.exports=function(n,t){var e=n.Assertion;function s(){function r(){return this instanceof String||this instanceof Number||this instanceof Boolean||typeof Symbol=="function"&&this instanceof Symbol||typeof BigInt=="function"&&this instanceof BigInt?new e(this.valueOf(),null,r):new e(this,null,r)}function i(a){Object.defineProperty(this,"should",{value:a,enumerable:!0,configurable:!0,writable:!0})}Object.defineProperty(Object.prototype,"should",{set:i,get:r,configurable:!0});var o={};return o.fail=function(a,c,w,x){throw arguments.length<2&&(w=a,a=void 0),w=w||"should.fail()",new n.AssertionError(w,{actual:a,expected:c,operator:x},o.fail)},o.equal=function(a,c,w){new e(a,w).to.equal(c)},o.Throw=function(a,c,w,x){new e(a,x).to.Throw(c,w)},o.exist=function(a,c){new e(a,c).to.exist},o.not={},o.not.equal=function(a,c,w){new e(a,w).to.not.equal(c)},o.not.Throw=function(a,c,w,x){new e(a,x).to.not.Throw(c,w)},o.not.exist=function(a,c){new e(a,c).to.not.exist},o.throw=o.Throw,o.not.throw=o.not.Throw,o}n.should=s,n.Should=s}});var ci=F((Uu,ui)=>{E();v();ui.exports=function(n,t){var e=n.Assertion,s=t.flag;var r=n.assert=function(i,o){var a=new e(null,null,n.assert,!0);a.assert(i,o,"[ negation message unavailable ]")};r.fail=function(i,o,a,c){throw arguments.length<2&&(a=i,i=void 0),a=a||"assert.fail()",new n.AssertionError(a,{actual:i,expected:o,operator:c},r.fail)},r.isOk=function(i,o){new e(i,o,r.isOk,!0).is.ok},r.isNotOk=function(i,o){new e(i,o,r.isNotOk,!0).is.not.ok},r.equal=function(i,o,a){var c=new e(i,a,r.equal,!0);c.assert(o==s(c,"object"),"expected #{this} to equal #{exp}","expected #{this} to not equal #{act}",o,i,!0)},r.notEqual=function(i,o,a){var c=new e(i,a,r.notEqual,!0);c.assert(o!=s(c,"object"),"expected #{this} to not equal #{exp}","expected #{this} to equal #{act}",o,i,!0)},r.strictEqual=function(i,o,a){new e(i,a,r.strictEqual,!0).to.equal(o)},r.notStrictEqual=function(i,o,a){new e(i,a,r.notStrictEqual,!0).to.not.equal(o)},r.deepEqual=r.deepStrictEqual=function(i,o,a){new e(i,a,r.deepEqual,!0).to.eql(o)},r.notDeepEqual=function(i,o,a){new e(i,a,r.notDeepEqual,!0).to.not.eql(o)},r.isAbove=function(i,o,a){new e(i,a,r.isAbove,!0).to.be.above(o)},r.isAtLeast=function(i,o,a){new e(i,a,r.isAtLeast,!0).to.be.least(o)},r.isBelow=function(i,o,a){new e(i,a,r.isBelow,!0).to.be.below(o)},r.isAtMost=function(i,o,a){new e(i,a,r.isAtMost,!0).to.be.most(o)},r.isTrue=function(i,o){new e(i,o,r.isTrue,!0).is.true},r.isNotTrue=function(i,o){new e(i,o,r.isNotTrue,!0).to.not.equal(!0)},r.isFalse=function(i,o){new e(i,o,r.isFalse,!0).is.false},r.isNotFalse=function(i,o){new e(i,o,r.isNotFalse,!0).to.not.equal(!1)},r.isNull=function(i,o){new e(i,o,r.isNull,!0).to.equal(null)},r.isNotNull=function(i,o){new e(i,o,r.isNotNull,!0).to.not.equal(null)},r.isNaN=function(i,o){new e(i,o,r.isNaN,!0).to.be.NaN},r.isNotNaN=function(i,o){new e(i,o,r.isNotNaN,!0).not.to.be.NaN},r.exists=function(i,o){new e(i,o,r.exists,!0).to.exist},r.notExists=function(i,o){new e(i,o,r.notExists,!0).to.not.exist},r.isUndefined=function(i,o){new e(i,o,r.isUndefined,!0).to.equal(void 0)},r.isDefined=function(i,o){new e(i,o,r.isDefined,!0).to.not.equal(void 0)},r.isFunction=function(i,o){new e(i,o,r.isFunction,!0).to.be.a("function")},r.isNotFunction=function(i,o){new e(i,o,r.isNotFunction,!0).to.not.be.a("function")},r.isObject=function(i,o){new e(i,o,r.isObject,!0).to.be.a("object")},r.isNotObject=function(i,o){new e(i,o,r.isNotObject,!0).to.not.be.a("object")},r.isArray=function(i,o){new e(i,o,r.isArray,!0).to.be.an("array")},r.isNotArray=function(i,o){new e(i,o,r.isNotArray,!0).to.not.be.an("array")},r.isString=function(i,o){new e(i,o,r.isString,!0).to.be.a("string")},r.isNotString=function(i,o){new e(i,o,r.isNotString,!0).to.not.be.a("string")},r.isNumber=function(i,o){new e(i,o,r.isNumber,!0).to.be.a("number")},r.isNotNumber=function(i,o){new e(i,o,r.isNotNumber,!0).to.not.be.a("number")},r.isFinite=function(i,o){new e(i,o,r.isFinite,!0).to.be.finite},r.isBoolean=function(i,o){new e(i,o,r.isBoolean,!0).to.be.a("boolean")},r.isNotBoolean=function(i,o){new e(i,o,r.isNotBoolean,!0).to.not.be.a("boolean")},r.typeOf=function(i,o,a){new e(i,a,r.typeOf,!0).to.be.a(o)},r.notTypeOf=function(i,o,a){new e(i,a,r.notTypeOf,!0).to.not.be.a(o)},r.instanceOf=function(i,o,a){new e(i,a,r.instanceOf,!0).to.be.instanceOf(o)},r.notInstanceOf=function(i,o,a){new e(i,a,r.notInstanceOf,!0).to.not.be.instanceOf(o)},r.include=function(i,o,a){new e(i,a,r.include,!0).include(o)},r.notInclude=function(i,o,a){new e(i,a,r.notInclude,!0).not.include(o)},r.deepInclude=function(i,o,a){new e(i,a,r.deepInclude,!0).deep.include(o)},r.notDeepInclude=function(i,o,a){new e(i,a,r.notDeepInclude,!0).not.deep.include(o)},r.nestedInclude=function(i,o,a){new e(i,a,r.nestedInclude,!0).nested.include(o)},r.notNestedInclude=function(i,o,a){new e(i,a,r.notNestedInclude,!0).not.nested.include(o)},r.deepNestedInclude=function(i,o,a){new e(i,a,r.deepNestedInclude,!0).deep.nested.include(o)},r.notDeepNestedInclude=function(i,o,a){new e(i,a,r.notDeepNestedInclude,!0).not.deep.nested.include(o)},r.ownInclude=function(i,o,a){new e(i,a,r.ownInclude,!0).own.include(o)},r.notOwnInclude=function(i,o,a){new e(i,a,r.notOwnInclude,!0).not.own.include(o)},r.deepOwnInclude=function(i,o,a){new e(i,a,r.deepOwnInclude,!0).deep.own.include(o)},r.notDeepOwnInclude=function(i,o,a){new e(i,a,r.notDeepOwnInclude,!0).not.deep.own.include(o)},r.match=function(i,o,a){new e(i,a,r.match,!0).to.match(o)},r.notMatch=function(i,o,a){new e(i,a,r.notMatch,!0).to.not.match(o)},r.property=function(i,o,a){new e(i,a,r.property,!0).to.have.property(o)},r.notProperty=function(i,o,a){new e(i,a,r.notProperty,!0).to.not.have.property(o)},r.propertyVal=function(i,o,a,c){new e(i,c,r.propertyVal,!0).to.have.property(o,a)},r.notPropertyVal=function(i,o,a,c){new e(i,c,r.notPropertyVal,!0).to.not.have.property(o,a)},r.deepPropertyVal=function(i,o,a,c){new e(i,c,r.deepPropertyVal,!0).to.have.deep.property(o,a)},r.notDeepPropertyVal=function(i,o,a,c){new e(i,c,r.notDeepPropertyVal,!0).to.not.have.deep.property(o,a)},r.ownProperty=function(i,o,a){new e(i,a,r.ownProperty,!0).to.have.own.property(o)},r.notOwnProperty=function(i,o,a){new e(i,a,r.notOwnProperty,!0).to.not.have.own.property(o)},r.ownPropertyVal=function(i,o,a,c){new e(i,c,r.ownPropertyVal,!0).to.have.own.property(o,a)},r.notOwnPropertyVal=function(i,o,a,c){new e(i,c,r.notOwnPropertyVal,!0).to.not.have.own.property(o,a)},r.deepOwnPropertyVal=function(i,o,a,c){new e(i,c,r.deepOwnPropertyVal,!0).to.have.deep.own.property(o,a)},r.notDeepOwnPropertyVal=function(i,o,a,c){new e(i,c,r.notDeepOwnPropertyVal,!0).to.not.have.deep.own.property(o,a)},r.nestedProperty=function(i,o,a){new e(i,a,r.nestedProperty,!0).to.have.nested.property(o)},r.notNestedProperty=function(i,o,a){new e(i,a,r.notNestedProperty,!0).to.not.have.nested.property(o)},r.nestedPropertyVal=function(i,o,a,c){new e(i,c,r.nestedPropertyVal,!0).to.have.nested.property(o,a)},r.notNestedPropertyVal=function(i,o,a,c){new e(i,c,r.notNestedPropertyVal,!0).to.not.have.nested.property(o,a)},r.deepNestedPropertyVal=function(i,o,a,c){new e(i,c,r.deepNestedPropertyVal,!0).to.have.deep.nested.property(o,a)},r.notDeepNestedPropertyVal=function(i,o,a,c){new e(i,c,r.notDeepNestedPropertyVal,!0).to.not.have.deep.nested.property(o,a)},r.lengthOf=function(i,o,a){new e(i,a,r.lengthOf,!0).to.have.lengthOf(o)},r.hasAnyKeys=function(i,o,a){new e(i,a,r.hasAnyKeys,!0).to.have.any.keys(o)},r.hasAllKeys=function(i,o,a){new e(i,a,r.hasAllKeys,!0).to.have.all.keys(o)},r.containsAllKeys=function(i,o,a){new e(i,a,r.containsAllKeys,!0).to.contain.all.keys(o)},r.doesNotHaveAnyKeys=function(i,o,a){new e(i,a,r.doesNotHaveAnyKeys,!0).to.not.have.any.keys(o)},r.doesNotHaveAllKeys=function(i,o,a){new e(i,a,r.doesNotHaveAllKeys,!0).to.not.have.all.keys(o)},r.hasAnyDeepKeys=function(i,o,a){new e(i,a,r.hasAnyDeepKeys,!0).to.have.any.deep.keys(o)},r.hasAllDeepKeys=function(i,o,a){new e(i,a,r.hasAllDeepKeys,!0).to.have.all.deep.keys(o)},r.containsAllDeepKeys=function(i,o,a){new e(i,a,r.containsAllDeepKeys,!0).to.contain.all.deep.keys(o)},r.doesNotHaveAnyDeepKeys=function(i,o,a){new e(i,a,r.doesNotHaveAnyDeepKeys,!0).to.not.have.any.deep.keys(o)},r.doesNotHaveAllDeepKeys=function(i,o,a){new e(i,a,r.doesNotHaveAllDeepKeys,!0).to.not.have.all.deep.keys(o)},r.throws=function(i,o,a,c){(typeof o=="string"||o instanceof RegExp)&&(a=o,o=null);var w=new e(i,c,r.throws,!0).to.throw(o,a);return s(w,"object")},r.doesNotThrow=function(i,o,a,c){(typeof o=="string"||o instanceof RegExp)&&(a=o,o=null),new e(i,c,r.doesNotThrow,!0).to.not.throw(o,a)},r.operator=function(i,o,a,c){var w;switch(o){case"==":w=i==a;break;case"===":w=i===a;break;case">":w=i>a;break;case">=":w=i>=a;break;case"<":w=i<a;break;case"<=":w=i<=a;break;case"!=":w=i!=a;break;case"!==":w=i!==a;break;default:throw c=c&&c+": ",new n.AssertionError(c+'Invalid operator "'+o+'"',void 0,r.operator)}var x=new e(w,c,r.operator,!0);x.assert(s(x,"object")===!0,"expected "+t.inspect(i)+" to be "+o+" "+t.inspect(a),"expected "+t.inspect(i)+" to not be "+o+" "+t.inspect(a))},r.closeTo=function(i,o,a,c){new e(i,c,r.closeTo,!0).to.be.closeTo(o,a)},r.approximately=function(i,o,a,c){new e(i,c,r.approximately,!0).to.be.approximately(o,a)},r.sameMembers=function(i,o,a){new e(i,a,r.sameMembers,!0).to.have.same.members(o)},r.notSameMembers=function(i,o,a){new e(i,a,r.notSameMembers,!0).to.not.have.same.members(o)},r.sameDeepMembers=function(i,o,a){new e(i,a,r.sameDeepMembers,!0).to.have.same.deep.members(o)},r.notSameDeepMembers=function(i,o,a){new e(i,a,r.notSameDeepMembers,!0).to.not.have.same.deep.members(o)},r.sameOrderedMembers=function(i,o,a){new e(i,a,r.sameOrderedMembers,!0).to.have.same.ordered.members(o)},r.notSameOrderedMembers=function(i,o,a){new e(i,a,r.notSameOrderedMembers,!0).to.not.have.same.ordered.members(o)},r.sameDeepOrderedMembers=function(i,o,a){new e(i,a,r.sameDeepOrderedMembers,!0).to.have.same.deep.ordered.members(o)},r.notSameDeepOrderedMembers=function(i,o,a){new e(i,a,r.notSameDeepOrderedMembers,!0).to.not.have.same.deep.ordered.members(o)},r.includeMembers=function(i,o,a){new e(i,a,r.includeMembers,!0).to.include.members(o)},r.notIncludeMembers=function(i,o,a){new e(i,a,r.notIncludeMembers,!0).to.not.include.members(o)},r.includeDeepMembers=function(i,o,a){new e(i,a,r.includeDeepMembers,!0).to.include.deep.members(o)},r.notIncludeDeepMembers=function(i,o,a){new e(i,a,r.notIncludeDeepMembers,!0).to.not.include.deep.members(o)},r.includeOrderedMembers=function(i,o,a){new e(i,a,r.includeOrderedMembers,!0).to.include.ordered.members(o)},r.notIncludeOrderedMembers=function(i,o,a){new e(i,a,r.notIncludeOrderedMembers,!0).to.not.include.ordered.members(o)},r.includeDeepOrderedMembers=function(i,o,a){new e(i,a,r.includeDeepOrderedMembers,!0).to.include.deep.ordered.members(o)},r.notIncludeDeepOrderedMembers=function(i,o,a){new e(i,a,r.notIncludeDeepOrderedMembers,!0).to.not.include.deep.ordered.members(o)},r.oneOf=function(i,o,a){new e(i,a,r.oneOf,!0).to.be.oneOf(o)},r.changes=function(i,o,a,c){arguments.length===3&&typeof o=="function"&&(c=a,a=null),new e(i,c,r.changes,!0).to.change(o,a)},r.changesBy=function(i,o,a,c,w){if(arguments.length===4&&typeof o=="function"){var x=c;c=a,w=x}else arguments.length===3&&(c=a,a=null);new e(i,w,r.changesBy,!0).to.change(o,a).by(c)},r.doesNotChange=function(i,o,a,c){return arguments.length===3&&typeof o=="function"&&(c=a,a=null),new e(i,c,r.doesNotChange,!0).to.not.change(o,a)},r.changesButNotBy=function(i,o,a,c,w){if(arguments.length===4&&typeof o=="function"){var x=c;c=a,w=x}else arguments.length===3&&(c=a,a=null);new e(i,w,r.changesButNotBy,!0).to.change(o,a).but.not.by(c)},r.increases=function(i,o,a,c){return arguments.length===3&&typeof o=="function"&&(c=a,a=null),new e(i,c,r.increases,!0).to.increase(o,a)},r.increasesBy=function(i,o,a,c,w){if(arguments.length===4&&typeof o=="function"){var x=c;c=a,w=x}else arguments.length===3&&(c=a,a=null);new e(i,w,r.increasesBy,!0).to.increase(o,a).by(c)},r.doesNotIncrease=function(i,o,a,c){return arguments.length===3&&typeof o=="function"&&(c=a,a=null),new e(i,c,r.doesNotIncrease,!0).to.not.increase(o,a)},r.increasesButNotBy=function(i,o,a,c,w){if(arguments.length===4&&typeof o=="function"){var x=c;c=a,w=x}else arguments.length===3&&(c=a,a=null);new e(i,w,r.increasesButNotBy,!0).to.increase(o,a).but.not.by(c)},r.decreases=function(i,o,a,c){return arguments.length===3&&typeof o=="function"&&(c=a,a=null),new e(i,c,r.decreases,!0).to.decrease(o,a)},r.decreasesBy=function(i,o,a,c,w){if(arguments.length===4&&typeof o=="function"){var x=c;c=a,w=x}else arguments.length===3&&(c=a,a=null);new e(i,w,r.decreasesBy,!0).to.decrease(o,a).by(c)},r.doesNotDecrease=function(i,o,a,c){return arguments.length===3&&typeof o=="function"&&(c=a,a=null),new e(i,c,r.doesNotDecrease,!0).to.not.decrease(o,a)},r.doesNotDecreaseBy=function(i,o,a,c,w){if(arguments.length===4&&typeof o=="function"){var x=c;c=a,w=x}else arguments.length===3&&(c=a,a=null);return new e(i,w,r.doesNotDecreaseBy,!0).to.not.decrease(o,a).by(c)},r.decreasesButNotBy=function(i,o,a,c,w){if(arguments.length===4&&typeof o=="function"){var x=c;c=a,w=x}else arguments.length===3&&(c=a,a=null);new e(i,w,r.decreasesButNotBy,!0).to.decrease(o,a).but.not.by(c)};r.ifError=function(i){if(i)throw i},r.isExtensible=function(i,o){new e(i,o,r.isExtensible,!0).to.be.extensible},r.isNotExtensible=function(i,o){new e(i,o,r.isNotExtensible,!0).to.not.be.extensible},r.isSealed=function(i,o){new e(i,o,r.isSealed,!0).to.be.sealed},r.isNotSealed=function(i,o){new e(i,o,r.isNotSealed,!0).to.not.be.sealed},r.isFrozen=function(i,o){new e(i,o,r.isFrozen,!0).to.be.frozen},r.isNotFrozen=function(i,o){new e(i,o,r.isNotFrozen,!0).to.not.be.frozen},r.isEmpty=function(i,o){new e(i,o,r.isEmpty,!0).to.be.empty},r.isNotEmpty=function(i,o){new e(i,o,r.isNotEmpty,!0).to.not.be.empty};(function i(o,a){return r[a]=r[o],i})("isOk","ok")("isNotOk","notOk")("throws","throw")("throws","Throw")("isExtensible","extensible")("isNotExtensible","notExtensible")("isSealed","sealed")("isNotSealed","notSealed")("isFrozen","frozen")("isNotFrozen","notFrozen")("isEmpty","empty")("isNotEmpty","notEmpty")}});var xe=F(te=>{E();v();var fi=[];te.version="4.3.8";te.AssertionError=jt();var li=Hn();te.use=function(n){return~fi.indexOf(n)||(n(te,li),fi.push(n)),te};te.util=li;var hs=Ie();te.config=hs;var ps=ti();te.use(ps);var ds=ni();te.use(ds);var ys=oi();te.use(ys);var gs=ai();te.use(gs);var ws=ci();te.use(ws)});var pi=F((Vu,hi)=>{E();v();hi.exports=xe()});E();v();module.exports=pi();
/*! Bundled license information:

ieee754/index.js:
  (*! ieee754. BSD-3-Clause License. Feross Aboukhadijeh <https://feross.org/opensource> *)

buffer/index.js:
  (*!
   * The buffer module from node.js, for the browser.
   *
   * @author   Feross Aboukhadijeh <https://feross.org>
   * @license  MIT
   *)

assertion-error/index.js:
  (*!
   * assertion-error
   * Copyright(c) 2013 Jake Luer <jake@qualiancy.com>
   * MIT Licensed
   *)
  (*!
   * Return a function that will copy properties from
   * one object to another excluding any originally
   * listed. Returned function will create a new `{}`.
   *
   * @param {String} excluded properties ...
   * @return {Function}
   *)
  (*!
   * Primary Exports
   *)
  (*!
   * Inherit from Error.prototype
   *)
  (*!
   * Statically set name
   *)
  (*!
   * Ensure correct constructor
   *)

chai/lib/chai/utils/flag.js:
  (*!
   * Chai - flag utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/test.js:
  (*!
   * Chai - test utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Module dependencies
   *)

chai/lib/chai/utils/expectTypes.js:
  (*!
   * Chai - expectTypes utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/getActual.js:
  (*!
   * Chai - getActual utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/objDisplay.js:
  (*!
   * Chai - flag utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Module dependencies
   *)

chai/lib/chai/utils/getMessage.js:
  (*!
   * Chai - message composition utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Module dependencies
   *)

chai/lib/chai/utils/transferFlags.js:
  (*!
   * Chai - transferFlags utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

deep-eql/index.js:
  (*!
   * deep-eql
   * Copyright(c) 2013 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Check to see if the MemoizeMap has recorded a result of the two operands
   *
   * @param {Mixed} leftHandOperand
   * @param {Mixed} rightHandOperand
   * @param {MemoizeMap} memoizeMap
   * @returns {Boolean|null} result
  *)
  (*!
   * Set the result of the equality into the MemoizeMap
   *
   * @param {Mixed} leftHandOperand
   * @param {Mixed} rightHandOperand
   * @param {MemoizeMap} memoizeMap
   * @param {Boolean} result
  *)
  (*!
   * Primary Export
   *)
  (*!
   * The main logic of the `deepEqual` function.
   *
   * @param {Mixed} leftHandOperand
   * @param {Mixed} rightHandOperand
   * @param {Object} [options] (optional) Additional options
   * @param {Array} [options.comparator] (optional) Override default algorithm, determining custom equality.
   * @param {Array} [options.memoize] (optional) Provide a custom memoization object which will cache the results of
      complex objects for a speed boost. By passing `false` you can disable memoization, but this will cause circular
      references to blow the stack.
   * @return {Boolean} equal match
  *)
  (*!
   * Compare two Regular Expressions for equality.
   *
   * @param {RegExp} leftHandOperand
   * @param {RegExp} rightHandOperand
   * @return {Boolean} result
   *)
  (*!
   * Compare two Sets/Maps for equality. Faster than other equality functions.
   *
   * @param {Set} leftHandOperand
   * @param {Set} rightHandOperand
   * @param {Object} [options] (Optional)
   * @return {Boolean} result
   *)
  (*!
   * Simple equality for flat iterable objects such as Arrays, TypedArrays or Node.js buffers.
   *
   * @param {Iterable} leftHandOperand
   * @param {Iterable} rightHandOperand
   * @param {Object} [options] (Optional)
   * @return {Boolean} result
   *)
  (*!
   * Simple equality for generator objects such as those returned by generator functions.
   *
   * @param {Iterable} leftHandOperand
   * @param {Iterable} rightHandOperand
   * @param {Object} [options] (Optional)
   * @return {Boolean} result
   *)
  (*!
   * Determine if the given object has an @@iterator function.
   *
   * @param {Object} target
   * @return {Boolean} `true` if the object has an @@iterator function.
   *)
  (*!
   * Gets all iterator entries from the given Object. If the Object has no @@iterator function, returns an empty array.
   * This will consume the iterator - which could have side effects depending on the @@iterator implementation.
   *
   * @param {Object} target
   * @returns {Array} an array of entries from the @@iterator function
   *)
  (*!
   * Gets all entries from a Generator. This will consume the generator - which could have side effects.
   *
   * @param {Generator} target
   * @returns {Array} an array of entries from the Generator.
   *)
  (*!
   * Gets all own and inherited enumerable keys from a target.
   *
   * @param {Object} target
   * @returns {Array} an array of own and inherited enumerable keys from the target.
   *)
  (*!
   * Determines if two objects have matching values, given a set of keys. Defers to deepEqual for the equality check of
   * each key. If any value of the given key is not equal, the function will return false (early).
   *
   * @param {Mixed} leftHandOperand
   * @param {Mixed} rightHandOperand
   * @param {Array} keys An array of keys to compare the values of leftHandOperand and rightHandOperand against
   * @param {Object} [options] (Optional)
   * @return {Boolean} result
   *)
  (*!
   * Recursively check the equality of two Objects. Once basic sameness has been established it will defer to `deepEqual`
   * for each enumerable key in the object.
   *
   * @param {Mixed} leftHandOperand
   * @param {Mixed} rightHandOperand
   * @param {Object} [options] (Optional)
   * @return {Boolean} result
   *)
  (*!
   * Returns true if the argument is a primitive.
   *
   * This intentionally returns true for all objects that can be compared by reference,
   * including functions and symbols.
   *
   * @param {Mixed} value
   * @return {Boolean} result
   *)

chai/lib/chai/utils/isProxyEnabled.js:
  (*!
   * Chai - isProxyEnabled helper
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/addProperty.js:
  (*!
   * Chai - addProperty utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/addLengthGuard.js:
  (*!
   * Chai - addLengthGuard utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/getProperties.js:
  (*!
   * Chai - getProperties utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/proxify.js:
  (*!
   * Chai - proxify utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/addMethod.js:
  (*!
   * Chai - addMethod utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/overwriteProperty.js:
  (*!
   * Chai - overwriteProperty utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/overwriteMethod.js:
  (*!
   * Chai - overwriteMethod utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/addChainableMethod.js:
  (*!
   * Chai - addChainingMethod utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Module dependencies
   *)
  (*!
   * Module variables
   *)

chai/lib/chai/utils/overwriteChainableMethod.js:
  (*!
   * Chai - overwriteChainableMethod utility
   * Copyright(c) 2012-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/compareByInspect.js:
  (*!
   * Chai - compareByInspect utility
   * Copyright(c) 2011-2016 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Module dependencies
   *)

chai/lib/chai/utils/getOwnEnumerablePropertySymbols.js:
  (*!
   * Chai - getOwnEnumerablePropertySymbols utility
   * Copyright(c) 2011-2016 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/getOwnEnumerableProperties.js:
  (*!
   * Chai - getOwnEnumerableProperties utility
   * Copyright(c) 2011-2016 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Module dependencies
   *)

chai/lib/chai/utils/isNaN.js:
  (*!
   * Chai - isNaN utility
   * Copyright(c) 2012-2015 Sakthipriyan Vairamani <thechargingvolcano@gmail.com>
   * MIT Licensed
   *)

chai/lib/chai/utils/index.js:
  (*!
   * chai
   * Copyright(c) 2011 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Dependencies that are used for multiple exports are required here only once
   *)
  (*!
   * test utility
   *)
  (*!
   * type utility
   *)
  (*!
   * expectTypes utility
   *)
  (*!
   * message utility
   *)
  (*!
   * actual utility
   *)
  (*!
   * Inspect util
   *)
  (*!
   * Object Display util
   *)
  (*!
   * Flag utility
   *)
  (*!
   * Flag transferring utility
   *)
  (*!
   * Deep equal utility
   *)
  (*!
   * Deep path info
   *)
  (*!
   * Check if a property exists
   *)
  (*!
   * Function name
   *)
  (*!
   * add Property
   *)
  (*!
   * add Method
   *)
  (*!
   * overwrite Property
   *)
  (*!
   * overwrite Method
   *)
  (*!
   * Add a chainable method
   *)
  (*!
   * Overwrite chainable method
   *)
  (*!
   * Compare by inspect method
   *)
  (*!
   * Get own enumerable property symbols method
   *)
  (*!
   * Get own enumerable properties method
   *)
  (*!
   * Checks error against a given set of criteria
   *)
  (*!
   * Proxify util
   *)
  (*!
   * addLengthGuard util
   *)
  (*!
   * isProxyEnabled helper
   *)
  (*!
   * isNaN method
   *)
  (*!
   * getOperator method
   *)

chai/lib/chai/assertion.js:
  (*!
   * chai
   * http://chaijs.com
   * Copyright(c) 2011-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Module dependencies.
   *)
  (*!
   * Module export.
   *)
  (*!
   * Assertion Constructor
   *
   * Creates object for chaining.
   *
   * `Assertion` objects contain metadata in the form of flags. Three flags can
   * be assigned during instantiation by passing arguments to this constructor:
   *
   * - `object`: This flag contains the target of the assertion. For example, in
   *   the assertion `expect(numKittens).to.equal(7);`, the `object` flag will
   *   contain `numKittens` so that the `equal` assertion can reference it when
   *   needed.
   *
   * - `message`: This flag contains an optional custom error message to be
   *   prepended to the error message that's generated by the assertion when it
   *   fails.
   *
   * - `ssfi`: This flag stands for "start stack function indicator". It
   *   contains a function reference that serves as the starting point for
   *   removing frames from the stack trace of the error that's created by the
   *   assertion when it fails. The goal is to provide a cleaner stack trace to
   *   end users by removing Chai's internal functions. Note that it only works
   *   in environments that support `Error.captureStackTrace`, and only when
   *   `Chai.config.includeStack` hasn't been set to `false`.
   *
   * - `lockSsfi`: This flag controls whether or not the given `ssfi` flag
   *   should retain its current value, even as assertions are chained off of
   *   this object. This is usually set to `true` when creating a new assertion
   *   from within another assertion. It's also temporarily set to `true` before
   *   an overwritten assertion gets called by the overwriting assertion.
   *
   * - `eql`: This flag contains the deepEqual function to be used by the assertion.
   *
   * @param {Mixed} obj target of the assertion
   * @param {String} msg (optional) custom error message
   * @param {Function} ssfi (optional) starting point for removing stack frames
   * @param {Boolean} lockSsfi (optional) whether or not the ssfi flag is locked
   * @api private
   *)
  (*!
   * ### ._obj
   *
   * Quick reference to stored `actual` value for plugin developers.
   *
   * @api private
   *)

chai/lib/chai/core/assertions.js:
  (*!
   * chai
   * http://chaijs.com
   * Copyright(c) 2011-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/interface/expect.js:
chai/lib/chai/interface/should.js:
  (*!
   * chai
   * Copyright(c) 2011-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)

chai/lib/chai/interface/assert.js:
  (*!
   * chai
   * Copyright(c) 2011-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Chai dependencies.
   *)
  (*!
   * Module export.
   *)
  (*!
   * ### .ifError(object)
   *
   * Asserts if value is not a false value, and throws if it is a true value.
   * This is added to allow for chai to be a drop-in replacement for Node's
   * assert class.
   *
   *     var err = new Error('I am a custom error');
   *     assert.ifError(err); // Rethrows err!
   *
   * @name ifError
   * @param {Object} object
   * @namespace Assert
   * @api public
   *)
  (*!
   * Aliases.
   *)

chai/lib/chai.js:
  (*!
   * chai
   * Copyright(c) 2011-2014 Jake Luer <jake@alogicalparadox.com>
   * MIT Licensed
   *)
  (*!
   * Chai version
   *)
  (*!
   * Assertion Error
   *)
  (*!
   * Utils for plugins (not exported)
   *)
  (*!
   * Utility Functions
   *)
  (*!
   * Configuration
   *)
  (*!
   * Primary `Assertion` prototype
   *)
  (*!
   * Core Assertions
   *)
  (*!
   * Expect interface
   *)
  (*!
   * Should interface
   *)
  (*!
   * Assert interface
   *)
*/
