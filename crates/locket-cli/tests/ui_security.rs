//! `locket ui` refuses everyone but the user who started it, without a browser: the real
//! binary, driven with reqwest as an attacker would drive it.

mod common;

use common::TestVault;
use common::web::{Session, UiServer, client};

const SECRET: &str = "s3cr3t-value-do-not-leak-4821";

fn vault_with_secret() -> TestVault {
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    v
}

fn names(v: &TestVault) -> Vec<String> {
    let out = v.cmd().args(["--json", "list"]).output().unwrap();
    assert!(out.status.success());
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn without_the_session_everything_is_refused() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let c = client();
    for path in [
        "/",
        "/secrets",
        "/assets/app.js",
        "/secrets/edit?name=API_TOKEN",
        "/unlock",
    ] {
        let r = c.get(format!("{}{path}", server.base())).send().unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    let r = c
        .post(format!("{}/secrets/reveal", server.base()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=API_TOKEN")
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(!r.text().unwrap().contains(SECRET));
    // A wrong token, or one cookie short of the real one, gets nothing either.
    let wrong = format!("{}/login?token=AAAA", server.base());
    assert_eq!(c.get(&wrong).send().unwrap().status(), 403);
    let r = c
        .get(format!("{}/secrets", server.base()))
        .header("cookie", format!("locket_ui_{}=forged", server.port))
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[test]
fn the_token_is_spent_once_for_an_http_only_strict_cookie() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let c = client();
    let first = c.get(&server.login_url).send().unwrap();
    assert_eq!(first.status(), 303);
    assert_eq!(first.headers()["location"], "/", "a clean URL, no token");
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains(server.login_url.split("token=").nth(1).unwrap()));
    let again = c.get(&server.login_url).send().unwrap();
    assert_eq!(again.status(), 403, "the address works once");
    assert!(again.headers().get("set-cookie").is_none());
}

#[test]
fn a_wrong_host_is_refused_even_with_the_session() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let s = server.session();
    let other_port = format!("127.0.0.1:{}", server.port.wrapping_add(1));
    for host in [
        "evil.example",
        "evil.example:80",
        other_port.as_str(),
        "127.0.0.1",
    ] {
        let r = s
            .request(reqwest::Method::GET, "/secrets")
            .header("host", host)
            .send()
            .unwrap();
        assert_eq!(r.status(), 403, "Host: {host}");
    }
    let own = format!("localhost:{}", server.port);
    let r = s
        .request(reqwest::Method::GET, "/secrets")
        .header("host", own)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[test]
fn a_cross_origin_post_is_refused_and_changes_nothing() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let s = server.session();
    let rename = s.post_body(&[("name", "API_TOKEN"), ("new", "STOLEN")]);
    for (header, value) in [
        ("origin", "http://evil.example"),
        ("origin", "null"),
        (
            "origin",
            &format!("http://127.0.0.1:{}", server.port.wrapping_add(1)),
        ),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let r = s
            .request(reqwest::Method::POST, "/secrets/rename")
            .header("content-type", "application/x-www-form-urlencoded")
            .header(header, value)
            .body(rename.clone())
            .send()
            .unwrap();
        assert_eq!(r.status(), 403, "{header}: {value}");
        // A `null` origin passes only with the browser's word that it is the app's own page.
        let r = s
            .request(reqwest::Method::POST, "/secrets/rename")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "null")
            .header("sec-fetch-site", "cross-site")
            .body(rename.clone())
            .send()
            .unwrap();
        assert_eq!(r.status(), 403, "{header}: {value}");
    }
    assert_eq!(names(&v), ["API_TOKEN"]);
    // The app's own origin passes.
    let r = s
        .request(reqwest::Method::POST, "/secrets/rename")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", s.base.as_str())
        .header("sec-fetch-site", "same-origin")
        .body(rename)
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(names(&v), ["STOLEN"]);
}

#[test]
fn a_post_without_the_right_csrf_token_is_refused() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let mut s = server.session();
    let real = s.csrf.clone();
    for csrf in ["", "wrong", &real[..real.len() - 1]] {
        s.csrf = csrf.to_string();
        let r = s.post("/secrets/delete", &[("name", "API_TOKEN")]);
        assert_eq!(r.status(), 403, "urlencoded, csrf {csrf:?}");
        let r = s.post_multipart("/secrets/add", &[("name", "ADDED"), ("value", "x")]);
        assert_eq!(r.status(), 403, "multipart, csrf {csrf:?}");
        let r = s.post("/secrets/reveal", &[("name", "API_TOKEN")]);
        assert_eq!(r.status(), 403);
        assert!(!r.text().unwrap().contains(SECRET));
    }
    let r = s
        .request(reqwest::Method::POST, "/secrets/delete")
        .header("content-type", "text/plain")
        .body(format!("csrf={real}&name=API_TOKEN"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 403, "a body that is not a form");
    assert_eq!(names(&v), ["API_TOKEN"]);
    s.csrf = real;
    assert_eq!(
        s.post("/secrets/delete", &[("name", "API_TOKEN")]).status(),
        303
    );
    assert!(names(&v).is_empty());
}

#[test]
fn every_response_carries_the_security_headers() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let s = server.session();
    let responses = [
        client()
            .get(format!("{}/secrets", server.base()))
            .send()
            .unwrap(),
        s.get("/secrets"),
        s.get("/assets/app.js"),
        s.get("/assets/app.css"),
        s.get("/"),
        s.get("/secrets/edit?name=NOPE"),
    ];
    for r in responses {
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        for part in [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{csp}");
        }
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["cache-control"], "no-store");
    }
}

#[test]
fn no_value_in_pages_headers_or_logs_until_revealed() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let s = server.session();
    let mut seen = String::new();
    for path in [
        "/secrets",
        "/secrets?q=API&sort=value&dir=desc",
        "/secrets/edit?name=API_TOKEN",
        "/secrets/delete?name=API_TOKEN",
        "/secrets/edit?name=MISSING",
        "/assets/app.js",
    ] {
        let r = s.get(path);
        seen.push_str(&format!("{:?}", r.headers()));
        seen.push_str(&r.text().unwrap());
    }
    // Errors from actions: renaming onto itself, invalid domains, a bad name.
    v.set("OTHER", "other-value");
    for (path, fields) in [
        (
            "/secrets/rename",
            &[("name", "API_TOKEN"), ("new", "OTHER")][..],
        ),
        (
            "/secrets/domains",
            &[("name", "API_TOKEN"), ("domains", "http://a/b")][..],
        ),
        ("/secrets/reveal", &[("name", "no such name!")][..]),
    ] {
        let r = s.post(path, fields);
        assert!(r.status().is_client_error(), "{path}: {}", r.status());
        seen.push_str(&format!("{:?}", r.headers()));
        seen.push_str(&r.text().unwrap());
    }
    assert!(
        !seen.contains(SECRET),
        "the value leaked before it was asked for"
    );
    let revealed = s.post("/secrets/reveal", &[("name", "API_TOKEN")]);
    assert_eq!(revealed.status(), 200);
    assert_eq!(revealed.headers()["cache-control"], "no-store");
    assert_eq!(revealed.text().unwrap(), SECRET);
    let (status, log) = server.interrupt();
    assert!(status.success(), "stopped on Ctrl+C: {log}");
    assert!(log.contains("Stopped (Ctrl+C)"), "{log}");
    assert!(!log.contains(SECRET), "{log}");
    assert!(!log.contains(&s.csrf) && !log.contains(s.cookie.split('=').nth(1).unwrap()));
}

#[test]
fn a_locked_vault_is_unlocked_by_a_post_form() {
    let v = vault_with_secret();
    let server = UiServer::start_locked(&v);
    let c = client();
    let login = c.get(&server.login_url).send().unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let get = |path: &str| {
        c.get(format!("{}{path}", server.base()))
            .header("cookie", &cookie)
            .send()
            .unwrap()
    };
    let r = get("/secrets");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/unlock");
    let form = get("/unlock").text().unwrap();
    assert!(form.contains(r#"method="post" action="/unlock""#), "{form}");
    assert!(form.contains(r#"type="password""#));
    let s = Session {
        client: client(),
        base: server.base(),
        cookie: cookie.clone(),
        set_cookie: String::new(),
        csrf: common::web::csrf_in(&form).unwrap(),
    };
    let wrong = s.post("/unlock", &[("answer", "LOCKET-KEY-1-AAAA")]);
    assert!(wrong.status().is_client_error());
    assert_eq!(get("/secrets").status(), 303, "still locked");
    let right = s.post("/unlock", &[("answer", &v.key)]);
    assert_eq!(right.status(), 303);
    let page = get("/secrets").text().unwrap();
    assert!(page.contains("API_TOKEN") && !page.contains(SECRET));
    assert!(!server.stderr().contains(&v.key));
}

#[test]
fn the_cli_and_the_ui_write_at_once_and_no_write_is_lost() {
    let v = TestVault::new();
    let server = UiServer::start(&v);
    let s = server.session();
    const EACH: usize = 15;
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for i in 0..EACH {
                let r = s.post_multipart(
                    "/secrets/add",
                    &[("name", &format!("UI_{i}")), ("value", &format!("ui-{i}"))],
                );
                assert_eq!(r.status(), 303, "{:?}", r.text());
            }
        });
        scope.spawn(|| {
            for i in 0..EACH {
                v.set(&format!("CLI_{i}"), &format!("cli-{i}"));
            }
        });
    });
    let all = names(&v);
    assert_eq!(all.len(), 2 * EACH, "{all:?}");
    assert_eq!(v.get("UI_7"), "ui-7");
    assert_eq!(v.get("CLI_7"), "cli-7");
}

#[test]
fn the_export_downloads_an_encrypted_file_that_import_opens() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let s = server.session();
    let passphrase = "correct horse battery";
    let differ = s.post(
        "/export",
        &[("passphrase", passphrase), ("repeat", "other")],
    );
    assert_eq!(differ.status(), 400);
    let short = s.post("/export", &[("passphrase", "short"), ("repeat", "short")]);
    assert!(short.status().is_client_error());
    assert!(short.text().unwrap().contains("at least 12 characters"));
    let r = s.post(
        "/export",
        &[("passphrase", passphrase), ("repeat", passphrase)],
    );
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let bytes = r.bytes().unwrap();
    assert!(
        bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
            || bytes.starts_with(b"age-encryption.org/v1"),
        "not an age file"
    );
    assert!(!common::contains(&bytes, SECRET.as_bytes()));
    let file = v.path("export.age");
    std::fs::write(&file, &bytes).unwrap();
    let other = TestVault::new();
    other
        .cmd()
        .arg("import")
        .arg(&file)
        .env("LOCKET_EXPORT_PASSPHRASE", passphrase)
        .assert()
        .success();
    assert_eq!(other.get("API_TOKEN"), SECRET);
}

#[test]
fn an_import_is_applied_only_with_its_preview_id() {
    let v = vault_with_secret();
    let server = UiServer::start(&v);
    let s = server.session();
    let boundary = "b-1234";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.env\"\r\n\r\nNEW_B=beta\n\r\n\
         --{boundary}--\r\n",
        s.csrf
    );
    let preview = s
        .request(reqwest::Method::POST, "/import")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .unwrap();
    assert_eq!(preview.status(), 200);
    let page = preview.text().unwrap();
    assert!(page.contains("NEW_B") && !page.contains("beta"), "{page}");
    let wrong = s.post("/import/apply", &[("id", "not-the-id")]);
    assert_eq!(wrong.status(), 400);
    assert!(names(&v).iter().all(|n| n != "NEW_B"));
    // The wrong attempt spent the preview: the right id no longer applies either.
    let at = page.find(r#"name="id" value=""#).unwrap() + r#"name="id" value=""#.len();
    let id = &page[at..at + page[at..].find('"').unwrap()];
    assert_eq!(s.post("/import/apply", &[("id", id)]).status(), 400);
    assert!(names(&v).iter().all(|n| n != "NEW_B"));
}

#[test]
fn the_table_pages_filters_and_sorts_on_the_server() {
    let v = TestVault::new();
    let env: String = (0..120)
        .map(|i| format!("KEY_{i:03}=value-{i}\n"))
        .collect();
    let file = v.path("many.env");
    std::fs::write(&file, env).unwrap();
    v.cmd().arg("import").arg(&file).assert().success();
    v.cmd().args(["disable", "KEY_007"]).assert().success();
    let server = UiServer::start(&v);
    let s = server.session();
    let rows = |page: &str| page.matches(r#"<tr><th scope="row">"#).count();
    let last = s.get("/secrets?page=3").text().unwrap();
    assert!(last.contains("120 of 120 secrets · page 3 of 3"), "{last}");
    assert_eq!(rows(&last), 20);
    assert!(last.contains("KEY_119") && !last.contains(">KEY_099<"));
    let desc = s.get("/secrets?sort=name&dir=desc").text().unwrap();
    let first = desc.find("KEY_119").unwrap();
    assert!(first < desc.find("KEY_118").unwrap());
    let disabled = s.get("/secrets?state=disabled").text().unwrap();
    assert!(disabled.contains("1 of 120 secrets"), "{disabled}");
    assert!(disabled.contains("KEY_007"));
    let searched = s.get("/secrets?q=key_11").text().unwrap();
    assert!(searched.contains("10 of 120 secrets"), "{searched}");
    let beyond = s.get("/secrets?page=99").text().unwrap();
    assert!(
        beyond.contains("page 3 of 3"),
        "a page past the end shows the last"
    );
    for page in [last, desc, disabled, searched] {
        assert!(!page.contains("value-1"), "no value in a listing");
    }
}
