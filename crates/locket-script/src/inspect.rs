//! `console.*` arguments as newman's cli reporter shows them: each argument through Node's
//! `util.inspect` (with the reporter's options), joined with `, `.
//!
//! The sandbox (`js/console.js`) serializes each argument as postman-sandbox hands it to the
//! reporter: after `toJSON` (an `Error` is `{ type, name, message }`, a class instance a plain
//! object), with functions as text (`'[Function: name]'`), `undefined`, `NaN`, dates, regular
//! expressions, maps, sets and typed arrays kept, and objects met again still the same object.
//! This module lays that value out as Node 20's `util.inspect` does: quoting and escaping of
//! strings, `{ a: 1 }` on one line while it fits, one entry a line when it does not, arrays of
//! more than six short entries in columns, `... n more items`, `[Object]` past the depth,
//! `<ref *1>` and `[Circular *1]`.
//!
//! Formatting happens here, in the host, rather than in the sandbox because of masking: every
//! string and number is handed to the caller's mask *before* it is quoted, escaped, split on
//! its newlines or wrapped, so a secret is found whatever the layout makes of it.
//!
//! Lengths are counted as JavaScript counts them (UTF-16 code units); Node's column grouping
//! measures display width, which is the same for all but East Asian wide characters.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One `console.*` argument as the sandbox serialized it (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ConsoleValue {
    /// A string: quoted and escaped when shown.
    Str(String),
    /// A number or BigInt as JavaScript writes it (`1.5`, `NaN`, `10n`): shown as it is, and
    /// right-aligned when an array's entries are laid out in columns.
    Num { num: String },
    /// Shown as it is: `true`, `null`, `undefined`, `Symbol(s)`, a date, a regular expression,
    /// `<Buffer 68 69>`, or `[Object]` for a container deeper than the sandbox serializes.
    Raw { raw: String },
    /// An array or a typed array (`prefix` `Uint8Array(2) `): its first items, and its length.
    List {
        list: Vec<ConsoleValue>,
        len: usize,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prefix: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<u32>,
    },
    /// A plain object: its keys in order and their values.
    Object {
        object: Vec<(String, ConsoleValue)>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<u32>,
    },
    /// A `Map`: its first entries, and its size.
    Map {
        map: Vec<(ConsoleValue, ConsoleValue)>,
        size: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<u32>,
    },
    /// A `Set`: its first values, and its size.
    Set {
        set: Vec<ConsoleValue>,
        size: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<u32>,
    },
    /// The container with this `id`, met again inside itself.
    Circular { circular: u32 },
}

/// The `util.inspect` options that shape the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InspectOptions {
    /// Containers nested deeper than this show as `[Object]`, `[Array]`, ...
    pub depth: usize,
    /// Entries go on one line while the line stays within this many characters.
    pub break_length: usize,
    /// Items of an array, map or set past this are counted (`... 3 more items`), not shown.
    pub max_array_length: usize,
    /// Characters of a string past this are counted (`... 5 more characters`), not shown.
    pub max_string_length: usize,
}

impl InspectOptions {
    /// What newman 6's cli reporter passes when its output is not a terminal (a CI job, a
    /// pipe): depth 25, at most 100 items, and a break length of 60 - 16 columns.
    pub const NEWMAN: InspectOptions = InspectOptions {
        depth: 25,
        break_length: 44,
        max_array_length: 100,
        max_string_length: 10_000,
    };

    /// Node's defaults, `util.inspect(value)`.
    pub const NODE: InspectOptions = InspectOptions {
        depth: 2,
        break_length: 80,
        max_array_length: 100,
        max_string_length: 10_000,
    };
}

/// Node's `compact: 3`: up to three inner levels may share one line.
const COMPACT: usize = 3;
/// Strings up to this length are never split on their newlines.
const MIN_LINE_LENGTH: usize = 16;

/// The arguments of one `console.*` call as newman's cli reporter prints them (before it
/// wraps the line): each inspected with [`InspectOptions::NEWMAN`], joined with `, `. `mask`
/// sees every string, key and number first (see the module documentation).
pub fn format_console(args: &[ConsoleValue], mask: &dyn Fn(&str) -> String) -> String {
    args.iter()
        .map(|arg| inspect(arg, &InspectOptions::NEWMAN, mask))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One value as `util.inspect(value, options)` shows it, `mask` applied to every string, key
/// and number first.
pub fn inspect(
    value: &ConsoleValue,
    options: &InspectOptions,
    mask: &dyn Fn(&str) -> String,
) -> String {
    let mut ctx = Ctx {
        options,
        mask,
        indentation: 0,
        current_depth: 0,
        circular: HashMap::new(),
    };
    ctx.value(value, 0)
}

/// The state `util.inspect` keeps while it walks one value.
struct Ctx<'a> {
    options: &'a InspectOptions,
    mask: &'a dyn Fn(&str) -> String,
    /// Spaces before the current entry's continuation lines.
    indentation: usize,
    /// How deep the container entered last was (Node's `ctx.currentDepth`).
    current_depth: usize,
    /// Container id → its number in `<ref *n>`, in the order they were found circular.
    circular: HashMap<u32, usize>,
}

/// How a container lays out its entries.
enum Kind {
    /// Objects, maps, sets: one line if it fits, else one entry a line.
    Object,
    /// Arrays and typed arrays: may also go in columns; `numeric` entries are right-aligned.
    Array { numeric: bool },
}

impl Ctx<'_> {
    fn value(&mut self, value: &ConsoleValue, recurse_times: usize) -> String {
        match value {
            ConsoleValue::Str(s) => self.string(s),
            ConsoleValue::Num { num } => (self.mask)(num),
            ConsoleValue::Raw { raw } => (self.mask)(raw),
            ConsoleValue::Circular { circular } => {
                let next = self.circular.len() + 1;
                let index = *self.circular.entry(*circular).or_insert(next);
                format!("[Circular *{index}]")
            }
            ConsoleValue::List {
                list,
                len,
                prefix,
                id,
            } => {
                // A typed array's prefix is `Uint8Array(2) `; past the depth it is `[Uint8Array]`.
                let label = match prefix.split('(').next() {
                    Some(name) if !name.is_empty() => name,
                    _ => "Array",
                };
                let braces = (format!("{prefix}["), "]");
                if *len == 0 {
                    return format!("{}]", braces.0);
                }
                let numeric = list.iter().all(|v| matches!(v, ConsoleValue::Num { .. }));
                self.container(
                    *id,
                    label,
                    braces,
                    Kind::Array { numeric },
                    recurse_times,
                    |ctx, recurse| {
                        let mut out: Vec<String> = list
                            .iter()
                            .take(ctx.options.max_array_length)
                            .map(|item| ctx.entry(item, recurse))
                            .collect();
                        more_items(&mut out, *len);
                        out
                    },
                )
            }
            ConsoleValue::Object { object, id } => {
                if object.is_empty() {
                    return "{}".to_string();
                }
                self.container(
                    *id,
                    "Object",
                    ("{".to_string(), "}"),
                    Kind::Object,
                    recurse_times,
                    |ctx, recurse| {
                        object
                            .iter()
                            .map(|(key, item)| {
                                let value = ctx.entry(item, recurse);
                                format!("{}: {value}", ctx.key(key))
                            })
                            .collect()
                    },
                )
            }
            ConsoleValue::Map { map, size, id } => {
                let prefix = format!("Map({size}) ");
                if *size == 0 {
                    return format!("{prefix}{{}}");
                }
                self.container(
                    *id,
                    "Map",
                    (format!("{prefix}{{"), "}"),
                    Kind::Object,
                    recurse_times,
                    |ctx, recurse| {
                        let mut out: Vec<String> = map
                            .iter()
                            .take(ctx.options.max_array_length)
                            .map(|(k, v)| {
                                let k = ctx.entry(k, recurse);
                                format!("{k} => {}", ctx.entry(v, recurse))
                            })
                            .collect();
                        more_items(&mut out, *size);
                        out
                    },
                )
            }
            ConsoleValue::Set { set, size, id } => {
                let prefix = format!("Set({size}) ");
                if *size == 0 {
                    return format!("{prefix}{{}}");
                }
                self.container(
                    *id,
                    "Set",
                    (format!("{prefix}{{"), "}"),
                    Kind::Object,
                    recurse_times,
                    |ctx, recurse| {
                        let mut out: Vec<String> = set
                            .iter()
                            .take(ctx.options.max_array_length)
                            .map(|v| ctx.entry(v, recurse))
                            .collect();
                        more_items(&mut out, *size);
                        out
                    },
                )
            }
        }
    }

    /// An entry of a container: indented two more spaces while it is laid out.
    fn entry(&mut self, value: &ConsoleValue, recurse_times: usize) -> String {
        self.indentation += 2;
        let out = self.value(value, recurse_times);
        self.indentation -= 2;
        out
    }

    /// Node's `formatRaw` for a non-empty container: the depth limit, the entries, the
    /// `<ref *n>` when it was found inside itself, then the layout.
    fn container(
        &mut self,
        id: Option<u32>,
        label: &str,
        braces: (String, &str),
        kind: Kind,
        recurse_times: usize,
        entries: impl FnOnce(&mut Self, usize) -> Vec<String>,
    ) -> String {
        if recurse_times > self.options.depth {
            return format!("[{label}]");
        }
        let recurse_times = recurse_times + 1;
        self.current_depth = recurse_times;
        let output = entries(self, recurse_times);
        let base = id
            .and_then(|id| self.circular.get(&id))
            .map(|index| format!("<ref *{index}>"))
            .unwrap_or_default();
        self.reduce_to_single_string(output, &base, &braces, kind, recurse_times)
    }

    /// Node's `reduceToSingleString` with `compact: 3`.
    fn reduce_to_single_string(
        &self,
        output: Vec<String>,
        base: &str,
        braces: &(String, &str),
        kind: Kind,
        recurse_times: usize,
    ) -> String {
        let entries = output.len();
        let output = match kind {
            Kind::Array { numeric } if entries > 6 => self.group_array_elements(output, numeric),
            _ => output,
        };
        let base_space = if base.is_empty() {
            String::new()
        } else {
            format!("{base} ")
        };
        if self.current_depth.saturating_sub(recurse_times) < COMPACT && entries == output.len() {
            let start = output.len() + self.indentation + js_len(&braces.0) + js_len(base) + 10;
            if self.is_below_break_length(&output, start, base) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    return format!("{base_space}{} {joined} {}", braces.0, braces.1);
                }
            }
        }
        let indentation = format!("\n{}", " ".repeat(self.indentation));
        format!(
            "{base_space}{}{indentation}  {}{indentation}{}",
            braces.0,
            output.join(&format!(",{indentation}  ")),
            braces.1
        )
    }

    fn is_below_break_length(&self, output: &[String], start: usize, base: &str) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > self.options.break_length {
            return false;
        }
        for entry in output {
            total += js_len(entry);
            if total > self.options.break_length {
                return false;
            }
        }
        base.is_empty() || !base.contains('\n')
    }

    /// Node's `groupArrayElements`: many short entries in columns, as square as it gets.
    fn group_array_elements(&self, output: Vec<String>, numeric: bool) -> Vec<String> {
        const SEPARATOR_SPACE: usize = 2; // ", "
        let mut output_length = output.len();
        if self.options.max_array_length < output.len() {
            // The "... n more items" entry is not laid out in a column.
            output_length -= 1;
        }
        let data_len: Vec<usize> = output[..output_length].iter().map(|s| js_len(s)).collect();
        let total_length: usize = data_len.iter().map(|l| l + SEPARATOR_SPACE).sum();
        let max_length = data_len.iter().copied().max().unwrap_or(0);
        let actual_max = max_length + SEPARATOR_SPACE;
        if actual_max * 3 + self.indentation >= self.options.break_length
            || (total_length as f64 / actual_max as f64 <= 5.0 && max_length > 6)
        {
            return output;
        }
        let approx_char_heights = 2.5;
        let average_bias = (actual_max as f64 - total_length as f64 / output.len() as f64).sqrt();
        let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
        let columns = [
            ((approx_char_heights * biased_max * output_length as f64).sqrt() / biased_max).round()
                as usize,
            (self.options.break_length - self.indentation) / actual_max,
            COMPACT * 4,
            15,
        ]
        .into_iter()
        .min()
        .unwrap_or(1);
        if columns <= 1 {
            return output;
        }
        let max_line_length: Vec<usize> = (0..columns)
            .map(|i| {
                let widest = (i..output_length)
                    .step_by(columns)
                    .map(|j| data_len[j])
                    .max()
                    .unwrap_or(0);
                widest + SEPARATOR_SPACE
            })
            .collect();
        let mut grouped = Vec::new();
        for i in (0..output_length).step_by(columns) {
            let max = (i + columns).min(output_length);
            let mut line = String::new();
            for j in i..max - 1 {
                let cell = format!("{}, ", output[j]);
                line.push_str(&pad(&cell, max_line_length[j - i], numeric));
            }
            let last = max - 1;
            if numeric {
                let width = max_line_length[last - i] - SEPARATOR_SPACE;
                line.push_str(&pad(&output[last], width, true));
            } else {
                line.push_str(&output[last]);
            }
            grouped.push(line);
        }
        if self.options.max_array_length < output.len() {
            grouped.push(output[output_length].clone());
        }
        grouped
    }

    /// A string as `formatPrimitive` shows it: masked, cut at the maximum length, quoted;
    /// split on its newlines when it is long.
    fn string(&self, raw: &str) -> String {
        let masked = (self.mask)(raw);
        let units: Vec<u16> = masked.encode_utf16().collect();
        let (text, trailer) = if units.len() > self.options.max_string_length {
            let remaining = units.len() - self.options.max_string_length;
            (
                String::from_utf16_lossy(&units[..self.options.max_string_length]),
                format!(
                    "... {remaining} more character{}",
                    if remaining > 1 { "s" } else { "" }
                ),
            )
        } else {
            (masked, String::new())
        };
        let length = js_len(&text);
        let limit = self
            .options
            .break_length
            .saturating_sub(self.indentation + 4);
        if length > MIN_LINE_LENGTH && length > limit {
            let joiner = format!(" +\n{}", " ".repeat(self.indentation + 2));
            let lines: Vec<String> = text.split_inclusive('\n').map(quote).collect();
            return lines.join(&joiner) + &trailer;
        }
        quote(&text) + &trailer
    }

    /// An object key: bare when it is an identifier, quoted otherwise.
    fn key(&self, key: &str) -> String {
        let key = (self.mask)(key);
        if key == "__proto__" {
            return "['__proto__']".to_string();
        }
        let mut chars = key.chars();
        let identifier = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if identifier { key } else { quote(&key) }
    }
}

/// `... 3 more items` after the items shown.
fn more_items(out: &mut Vec<String>, total: usize) {
    if total > out.len() {
        let remaining = total - out.len();
        out.push(format!(
            "... {remaining} more item{}",
            if remaining > 1 { "s" } else { "" }
        ));
    }
}

/// `text` padded with spaces to `width` (JavaScript's padStart or padEnd).
fn pad(text: &str, width: usize, start: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(js_len(text)));
    if start {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// A string's length as JavaScript counts it.
fn js_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Node's `strEscape`: single quotes, or double quotes or backticks when that spares escaping
/// a quote; control characters, the backslash and the quote in use escaped.
fn quote(s: &str) -> String {
    let mut quote = '\'';
    if s.contains('\'') {
        if !s.contains('"') {
            quote = '"';
        } else if !s.contains('`') && !s.contains("${") {
            quote = '`';
        }
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\'' if quote == '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    //! Each expected text is what Node 20's `util.inspect` printed for the same value, with
    //! newman's options (`{ depth: 25, breakLength: 44, maxArrayLength: 100 }`) or Node's
    //! defaults.
    use serde_json::json;

    use super::*;

    fn value(json: serde_json::Value) -> ConsoleValue {
        serde_json::from_value(json).expect("a console value")
    }

    fn newman(json: serde_json::Value) -> String {
        inspect(&value(json), &InspectOptions::NEWMAN, &|s| s.to_string())
    }

    fn node(json: serde_json::Value) -> String {
        inspect(&value(json), &InspectOptions::NODE, &|s| s.to_string())
    }

    fn num(n: &str) -> serde_json::Value {
        json!({ "num": n })
    }

    fn list(items: Vec<serde_json::Value>) -> serde_json::Value {
        let len = items.len();
        json!({ "list": items, "len": len })
    }

    #[test]
    fn strings_are_quoted_with_the_quote_that_needs_no_escape() {
        assert_eq!(newman(json!("plain")), "'plain'");
        assert_eq!(newman(json!("it's")), r#""it's""#);
        assert_eq!(newman(json!("say \"hi\"")), r#"'say "hi"'"#);
        assert_eq!(newman(json!("both ' and \"")), r#"`both ' and "`"#);
        assert_eq!(newman(json!("all ' \" `")), r#"'all \' " `'"#);
    }

    #[test]
    fn control_characters_and_backslashes_are_escaped() {
        assert_eq!(newman(json!("back\\slash")), r"'back\\slash'");
        assert_eq!(newman(json!("tab\tnl\ncr\r")), r"'tab\tnl\ncr\r'");
        assert_eq!(
            newman(json!("\u{0}\u{1b}\u{7f}\u{85}")),
            r"'\x00\x1B\x7F\x85'"
        );
        assert_eq!(newman(json!("é ü 日本")), "'é ü 日本'");
    }

    #[test]
    fn long_strings_split_on_their_newlines_only() {
        let long = "a".repeat(130);
        assert_eq!(newman(json!(long)), format!("'{long}'"));
        let text = "line1\nline2 is longer than sixteen chars and more more more more";
        assert_eq!(
            newman(json!(text)),
            "'line1\\n' +\n  'line2 is longer than sixteen chars and more more more more'"
        );
        // Within Node's 80 columns it stays whole; short strings never split.
        assert_eq!(
            node(json!(text)),
            "'line1\\nline2 is longer than sixteen chars and more more more more'"
        );
        assert_eq!(newman(json!("ab\ncd")), r"'ab\ncd'");
    }

    #[test]
    fn strings_past_the_maximum_length_are_counted() {
        let text = "x".repeat(10_003);
        assert_eq!(
            newman(json!(text)),
            format!("'{}'... 3 more characters", "x".repeat(10_000))
        );
    }

    #[test]
    fn primitives_show_as_they_are() {
        for raw in [
            "true",
            "null",
            "undefined",
            "Symbol(s)",
            "1970-01-01T00:00:00.000Z",
            "/ab+c/gi",
        ] {
            assert_eq!(newman(json!({ "raw": raw })), raw);
        }
        assert_eq!(newman(num("-1.5")), "-1.5");
        assert_eq!(newman(num("10n")), "10n");
    }

    #[test]
    fn objects_stay_on_one_line_while_they_fit() {
        assert_eq!(
            newman(json!({ "object": [["a", num("1")], ["b", "x"]] })),
            "{ a: 1, b: 'x' }"
        );
        let error =
            json!({ "object": [["type", "Error"], ["name", "Error"], ["message", "as an error"]] });
        assert_eq!(
            newman(error.clone()),
            "{\n  type: 'Error',\n  name: 'Error',\n  message: 'as an error'\n}"
        );
        assert_eq!(
            node(error),
            "{ type: 'Error', name: 'Error', message: 'as an error' }"
        );
    }

    #[test]
    fn three_inner_levels_share_a_line() {
        let nested = json!({ "object": [["nested", { "object": [["list",
            list(vec![num("1"), num("2"), json!({ "object": [["deep", "x"]] })])]] }]] });
        assert_eq!(
            newman(nested.clone()),
            "{\n  nested: { list: [ 1, 2, { deep: 'x' } ] }\n}"
        );
        // Past Node's default depth of 2: [Object].
        assert_eq!(node(nested), "{ nested: { list: [ 1, 2, [Object] ] } }");
        let deep = json!({ "object": [["a", { "object": [["b", { "object": [["c",
            { "object": [["d", { "object": [["e", num("1")]] }]] }]] }]] }]] });
        assert_eq!(
            newman(deep.clone()),
            "{\n  a: {\n    b: { c: { d: { e: 1 } } }\n  }\n}"
        );
        assert_eq!(node(deep), "{ a: { b: { c: [Object] } } }");
    }

    #[test]
    fn keys_are_quoted_unless_identifiers() {
        let keys = json!({ "object": [["1", num("2")], ["a-b", num("1")], ["__proto__x", num("3")],
            ["é", num("4")], ["_ok", num("5")], ["__proto__", num("6")]] });
        assert_eq!(
            node(keys),
            "{ '1': 2, 'a-b': 1, __proto__x: 3, 'é': 4, _ok: 5, ['__proto__']: 6 }"
        );
    }

    #[test]
    fn many_short_entries_go_in_columns() {
        let numbers = list((0..26).map(|i| num(&(i * 7).to_string())).collect());
        assert_eq!(
            newman(numbers),
            "[\n    0,   7,  14,  21,  28,  35,  42,\n   49,  56,  63,  70,  77,  84,  91,\n   98, 105, 112, 119, 126, 133, 140,\n  147, 154, 161, 168, 175\n]"
        );
        let fruit = [
            "apple", "banana", "cherry", "date", "elder", "fig", "grape", "honeydew",
        ];
        assert_eq!(
            newman(list(fruit.iter().map(|f| json!(f)).collect())),
            "[\n  'apple',  'banana',\n  'cherry', 'date',\n  'elder',  'fig',\n  'grape',  'honeydew'\n]"
        );
        // Entries of very different lengths: one a line.
        let mixed = list(vec![
            num("1"),
            json!("two"),
            json!({"raw": "null"}),
            json!({"raw": "undefined"}),
            json!({"raw": "true"}),
            num("3.5"),
            num("-2"),
            json!("eight"),
        ]);
        assert_eq!(
            newman(mixed.clone()),
            "[\n  1,\n  'two',\n  null,\n  undefined,\n  true,\n  3.5,\n  -2,\n  'eight'\n]"
        );
        assert_eq!(
            node(mixed),
            "[ 1, 'two', null, undefined, true, 3.5, -2, 'eight' ]"
        );
    }

    #[test]
    fn items_past_one_hundred_are_counted() {
        let items: Vec<_> = (0..100).map(|i| num(&i.to_string())).collect();
        let long = json!({ "list": items, "len": 120 });
        let mut expected = String::from("[\n");
        for row in 0..9 {
            let cells: Vec<String> = (row * 11..row * 11 + 11)
                .map(|i| format!("{i:>2}"))
                .collect();
            expected.push_str(&format!("  {},\n", cells.join(", ")));
        }
        expected.push_str("  99,\n  ... 20 more items\n]");
        assert_eq!(newman(long.clone()), expected);
        assert!(node(long).starts_with("[\n   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,\n"));
    }

    #[test]
    fn maps_sets_and_typed_arrays_show_their_size() {
        let map =
            json!({ "map": [["k", { "object": [["a", num("1")]] }], [num("2"), "b"]], "size": 2 });
        assert_eq!(
            newman(map.clone()),
            "Map(2) {\n  'k' => { a: 1 },\n  2 => 'b'\n}"
        );
        assert_eq!(node(map), "Map(2) { 'k' => { a: 1 }, 2 => 'b' }");
        let set = json!({ "set": ["x", list(vec![num("1"), num("2")])], "size": 2 });
        assert_eq!(newman(set), "Set(2) { 'x', [ 1, 2 ] }");
        let typed =
            json!({ "list": [num("1"), num("2"), num("3")], "len": 3, "prefix": "Uint8Array(3) " });
        assert_eq!(newman(typed), "Uint8Array(3) [ 1, 2, 3 ]");
        let empty = list(vec![
            list(vec![]),
            json!({ "object": [] }),
            json!({ "map": [], "size": 0 }),
            json!({ "set": [], "size": 0 }),
        ]);
        assert_eq!(newman(empty), "[ [], {}, Map(0) {}, Set(0) {} ]");
    }

    #[test]
    fn containers_past_the_depth_show_their_kind() {
        let inner = |v: serde_json::Value| json!({ "object": [["x", { "object": [["y", v]] }]] });
        let typed = json!({ "list": [num("1")], "len": 1, "prefix": "Uint8Array(1) " });
        assert_eq!(node(inner(inner(typed))), "{ x: { y: { x: [Object] } } }");
        let cases = [
            (list(vec![num("1")]), "[Array]"),
            (json!({ "map": [[num("1"), num("2")]], "size": 1 }), "[Map]"),
            (json!({ "set": [num("1")], "size": 1 }), "[Set]"),
            (
                json!({ "list": [num("1")], "len": 1, "prefix": "Uint8Array(1) " }),
                "[Uint8Array]",
            ),
        ];
        for (deep, label) in cases {
            let three =
                json!({ "object": [["a", { "object": [["b", { "object": [["c", deep]] }]] }]] });
            assert_eq!(node(three), format!("{{ a: {{ b: {{ c: {label} }} }} }}"));
        }
    }

    #[test]
    fn circular_references_are_numbered() {
        let circular = json!({ "object": [["name", "o"], ["self", { "circular": 1 }]], "id": 1 });
        assert_eq!(
            newman(circular.clone()),
            "<ref *1> {\n  name: 'o',\n  self: [Circular *1]\n}"
        );
        assert_eq!(
            node(circular),
            "<ref *1> { name: 'o', self: [Circular *1] }"
        );
        let array = json!({ "list": [num("1"), { "circular": 1 }], "len": 2, "id": 1 });
        assert_eq!(newman(array), "<ref *1> [ 1, [Circular *1] ]");
        // o1 = { o2 }, o2 = { o1 }, shown as { o1, o2 }: an object met again keeps its number.
        let o1_in_o2 = json!({ "object": [["o2", { "circular": 2 }]], "id": 1 });
        let o2_in_o1 = json!({ "object": [["o1", { "circular": 1 }]], "id": 2 });
        let shared = json!({ "object": [
            ["o1", { "object": [["o2", o2_in_o1]], "id": 1 }],
            ["o2", { "object": [["o1", o1_in_o2]], "id": 2 }],
        ] });
        assert_eq!(
            newman(shared.clone()),
            "{\n  o1: <ref *1> {\n    o2: { o1: [Circular *1] }\n  },\n  o2: <ref *2> {\n    o1: <ref *1> { o2: [Circular *2] }\n  }\n}"
        );
        assert_eq!(
            node(shared),
            "{\n  o1: <ref *1> { o2: { o1: [Circular *1] } },\n  o2: <ref *2> { o1: <ref *1> { o2: [Circular *2] } }\n}"
        );
    }

    #[test]
    fn arguments_are_joined_and_masked_before_they_are_quoted() {
        let args = vec![
            value(json!("token a'b\\c\nd, long enough to split 1234567890")),
            value(num("424242")),
            value(json!({ "object": [["a'b\\c\nd", "x"]] })),
        ];
        let mask = |s: &str| {
            s.replace("a'b\\c\nd", "********")
                .replace("424242", "********")
        };
        assert_eq!(
            format_console(&args, &mask),
            "'token ********, long enough to split 1234567890', ********, { '********': 'x' }"
        );
    }
}
