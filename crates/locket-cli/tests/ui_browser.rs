//! `locket ui` in a real browser: headless Chromium driven over WebDriver (chromedriver), each
//! action done through the page and checked with the `locket` CLI afterwards.
//!
//! Skipped, with the reason printed, only when chromedriver is not installed and
//! LOCKET_REQUIRE_BROWSER is unset (scripts/test.sh sets it, so CI never skips). With
//! LOCKET_UI_SCREENSHOTS=DIR the pages are saved there as PNG (scripts/ui-screenshots.sh).

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::TestVault;
use common::web::UiServer;
use fantoccini::{Client, ClientBuilder, Locator};

const SECRET: &str = "browser-secret-value-5150";
const WAIT: Duration = Duration::from_secs(10);

/// chromedriver on a free port of 127.0.0.1, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// chromedriver, or `None` (and the reason printed) when the test may be skipped.
fn driver() -> Option<Driver> {
    let Some(path) = find_on_path("chromedriver") else {
        if std::env::var_os("LOCKET_REQUIRE_BROWSER").is_some() {
            panic!("LOCKET_REQUIRE_BROWSER is set but chromedriver is not on PATH");
        }
        eprintln!(
            "skipped: chromedriver is not installed (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let mut child = Command::new(path)
        .arg("--port=0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("ChromeDriver was started successfully on port ")
                .and_then(|rest| rest.trim_end_matches('.').parse().ok())
        })
        .expect("chromedriver reports its port");
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Some(Driver {
        child,
        port,
        _profile: tempfile::tempdir().unwrap(),
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn browser(driver: &Driver) -> Client {
    let profile = driver._profile.path().display().to_string();
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1200,900",
        &format!("--user-data-dir={profile}"),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "args": args }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

/// Saves the page as DIR/NAME.png when LOCKET_UI_SCREENSHOTS=DIR.
async fn screenshot(c: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("LOCKET_UI_SCREENSHOTS") {
        let png = c.screenshot().await.unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

async fn css(c: &Client, selector: &str) -> fantoccini::elements::Element {
    match c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(selector))
        .await
    {
        Ok(found) => found,
        Err(e) => {
            let url = c.current_url().await.map(|u| u.to_string());
            let page = c.source().await.unwrap_or_default();
            panic!("{selector}: {e}; at {url:?}, the page is:\n{page}")
        }
    }
}

async fn fill(c: &Client, selector: &str, text: &str) {
    let field = css(c, selector).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Clicks and waits for the page it leads to, whose notice (or error) is returned.
async fn submit(c: &Client, selector: &str) -> String {
    let before = c.find(Locator::Css("html")).await.unwrap();
    css(c, selector).await.click().await.unwrap();
    gone(&before).await;
    css(c, ".notice, .error").await.text().await.unwrap()
}

/// Waits until `element`'s page has been replaced by the next one.
async fn gone(element: &fantoccini::elements::Element) {
    let deadline = std::time::Instant::now() + WAIT;
    while element.tag_name().await.is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "the page did not change"
        );
    }
}

async fn open(c: &Client, server: &UiServer, path: &str) {
    c.goto(&format!("{}{path}", server.base())).await.unwrap();
}

fn listed(v: &TestVault) -> serde_json::Value {
    let out = v.cmd().args(["--json", "list"]).output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn find<'a>(list: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    list.as_array().unwrap().iter().find(|s| s["name"] == name)
}

#[test]
fn every_secret_action_through_the_page() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    v.set("OTHER", "other-value");
    let server = UiServer::start(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        let url = c.current_url().await.unwrap();
        assert_eq!(url.path(), "/secrets");
        assert!(
            url.query().is_none(),
            "the token is gone from the address: {url}"
        );
        assert!(!c.source().await.unwrap().contains(SECRET));
        screenshot(&c, "secrets").await;

        // Reveal: fetched on the click, shown in the row.
        css(&c, "button[aria-label='Reveal API_TOKEN']")
            .await
            .click()
            .await
            .unwrap();
        let shown = css(&c, ".mask.revealed").await.text().await.unwrap();
        assert_eq!(shown, SECRET);
        screenshot(&c, "secrets-revealed").await;

        // Add, typed, with allowed domains.
        fill(&c, "#add-name", "NEW_ONE").await;
        fill(&c, "#add-value", "typed-value").await;
        fill(&c, "#add-allow", "api.example.com, *.example.org").await;
        let done = submit(&c, "#add-name ~ button[type=submit]").await;
        assert!(done.contains("Created NEW_ONE"), "{done}");
        assert_eq!(v.get("NEW_ONE"), "typed-value");
        let list = listed(&v);
        let domains = &find(&list, "NEW_ONE").unwrap()["allowed_domains"];
        assert_eq!(
            domains,
            &serde_json::json!(["api.example.com", "*.example.org"])
        );

        // Add from a file, byte for byte.
        let file = v.path("value.pem");
        std::fs::write(&file, "line one\nline two\n").unwrap();
        fill(&c, "#add-name", "FROM_FILE").await;
        css(&c, "#add-file")
            .await
            .send_keys(&file.display().to_string())
            .await
            .unwrap();
        let done = submit(&c, "#add-name ~ button[type=submit]").await;
        assert!(done.contains("Created FROM_FILE"), "{done}");
        assert_eq!(v.get("FROM_FILE"), "line one\nline two\n");

        // Edit: value, domains (an invalid entry refused as the CLI refuses it), state, rename.
        open(&c, &server, "/secrets/edit?name=NEW_ONE").await;
        screenshot(&c, "edit").await;
        fill(&c, "#new-value", "changed-value").await;
        let done = submit(&c, "#new-value ~ button[type=submit]").await;
        assert!(done.contains("Changed the value of NEW_ONE"), "{done}");
        assert_eq!(v.get("NEW_ONE"), "changed-value");

        fill(&c, "#domains", "https://api.example.com/path").await;
        let error = submit(&c, "#domains ~ button[type=submit]").await;
        assert!(error.contains("allowed domain"), "{error}");
        open(&c, &server, "/secrets/edit?name=NEW_ONE").await;
        fill(&c, "#domains", "http://localhost:8080").await;
        let done = submit(&c, "#domains ~ button[type=submit]").await;
        assert!(
            done.contains("may be sent to: http://localhost:8080"),
            "{done}"
        );
        let list = listed(&v);
        let entry = find(&list, "NEW_ONE").unwrap();
        assert_eq!(
            entry["allowed_domains"],
            serde_json::json!(["http://localhost:8080"])
        );

        let done = submit(&c, "form[action='/secrets/enabled'] button").await;
        assert!(done.contains("Disabled NEW_ONE"), "{done}");
        assert_eq!(find(&listed(&v), "NEW_ONE").unwrap()["enabled"], false);
        let done = submit(&c, "form[action='/secrets/enabled'] button").await;
        assert!(done.contains("Enabled NEW_ONE"), "{done}");
        assert_eq!(find(&listed(&v), "NEW_ONE").unwrap()["enabled"], true);

        fill(&c, "#new-name", "RENAMED").await;
        let done = submit(&c, "#new-name ~ button[type=submit]").await;
        assert!(done.contains("Renamed NEW_ONE to RENAMED"), "{done}");
        assert_eq!(v.get("RENAMED"), "changed-value");
        assert!(find(&listed(&v), "NEW_ONE").is_none());

        // Delete, after the confirmation page.
        css(&c, "a.danger").await.click().await.unwrap();
        css(&c, "button.danger").await;
        screenshot(&c, "delete").await;
        assert!(
            find(&listed(&v), "RENAMED").is_some(),
            "not deleted before confirming"
        );
        let done = submit(&c, "button.danger").await;
        assert!(done.contains("Removed RENAMED"), "{done}");
        assert!(find(&listed(&v), "RENAMED").is_none());

        // Search, filter and sort.
        open(&c, &server, "/secrets").await;
        fill(&c, "input[name=q]", "file").await;
        let before = c.find(Locator::Css("html")).await.unwrap();
        css(&c, ".filters button").await.click().await.unwrap();
        gone(&before).await;
        let rows = c.find_all(Locator::Css("tbody th")).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].text().await.unwrap(), "FROM_FILE");
        open(&c, &server, "/secrets").await;
        css(&c, "thead th:first-child a")
            .await
            .click()
            .await
            .unwrap();
        css(&c, "th[aria-sort=descending]").await;
        let first = css(&c, "tbody tr:first-child th")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(first, "OTHER");

        // A narrow window: nothing wider than the screen.
        c.set_window_size(390, 844).await.unwrap();
        open(&c, &server, "/secrets").await;
        let fits = c
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            fits,
            serde_json::json!(true),
            "the page scrolls sideways at 390 px"
        );
        screenshot(&c, "secrets-narrow").await;
        c.close().await.unwrap();
    });
}

#[test]
fn a_locked_vault_is_unlocked_in_the_page() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    let server = UiServer::start_locked(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "#answer").await;
        assert_eq!(c.current_url().await.unwrap().path(), "/unlock");
        screenshot(&c, "unlock").await;
        fill(&c, "#answer", &v.key).await;
        css(&c, "#answer ~ button").await.click().await.unwrap();
        let name = css(&c, "tbody th").await.text().await.unwrap();
        assert_eq!(name, "API_TOKEN");
        let url = c.current_url().await.unwrap();
        assert!(url.query().is_none(), "no key in the address: {url}");
        c.close().await.unwrap();
    });
}

#[test]
fn the_cache_time_to_live_through_the_page() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    let server = UiServer::start(&v);
    let ttl = || {
        let out = v.cmd().args(["cache", "ttl"]).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        css(&c, "nav a[href='/cache']").await.click().await.unwrap();
        css(&c, "#cache-empty").await;
        screenshot(&c, "cache").await;
        fill(&c, "#ttl", "15").await;
        let done = submit(&c, "#ttl ~ button").await;
        assert!(done.contains("kept for 15 minute(s)"), "{done}");
        assert_eq!(ttl(), "15");
        assert_eq!(
            css(&c, "#ttl").await.prop("value").await.unwrap().unwrap(),
            "15"
        );
        fill(&c, "#ttl", "0").await;
        let done = submit(&c, "#ttl ~ button").await;
        assert!(done.contains("Caching is off"), "{done}");
        assert_eq!(ttl(), "0 (caching is off)");
        css(&c, "nav a[href='/export']")
            .await
            .click()
            .await
            .unwrap();
        css(&c, "label[for=passphrase]").await;
        css(&c, "label[for=repeat]").await;
        screenshot(&c, "export").await;
        c.close().await.unwrap();
    });
}

#[test]
fn importing_a_file_through_the_page_shows_a_preview_first() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    let server = UiServer::start(&v);
    let file = v.path("team.env");
    std::fs::write(&file, "NEW_A=alpha\nAPI_TOKEN=replacement\n").unwrap();
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        css(&c, "nav a[href='/import']")
            .await
            .click()
            .await
            .unwrap();
        css(&c, "#import-file")
            .await
            .send_keys(&file.display().to_string())
            .await
            .unwrap();
        css(&c, "#on-conflict")
            .await
            .select_by_value("skip")
            .await
            .unwrap();
        screenshot(&c, "import").await;
        css(&c, "#import-passphrase ~ button")
            .await
            .click()
            .await
            .unwrap();
        let summary = css(&c, "#import-summary").await.text().await.unwrap();
        assert!(
            summary.contains("2 secrets from team.env (.env file): 1 new, 1 already"),
            "{summary}"
        );
        let page = c.source().await.unwrap();
        assert!(page.contains("skipped: the vault"), "{page}");
        assert!(
            !page.contains("alpha") && !page.contains("replacement"),
            "no value in the preview"
        );
        screenshot(&c, "import-preview").await;
        assert!(
            find(&listed(&v), "NEW_A").is_none(),
            "nothing written before applying"
        );
        let done = submit(&c, "form[action='/import/apply'] button").await;
        assert!(done.contains("1 new, 0 overwritten, 1 skipped"), "{done}");
        assert_eq!(v.get("NEW_A"), "alpha");
        assert_eq!(v.get("API_TOKEN"), SECRET);
        c.close().await.unwrap();
    });
}

#[test]
fn integrations_test_and_remove_and_unlink_through_the_page() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    // An hcv integration pointing at a port nothing listens on: added without signing in.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    v.cmd()
        .args([
            "integration",
            "add",
            "hcv",
            "down",
            "--address",
            &dead,
            "--no-test",
        ])
        .env("VAULT_TOKEN", "s.not-a-real-token-123")
        .assert()
        .success();
    for name in ["LINK_ONE", "LINK_TWO"] {
        v.cmd()
            .args(["link", name, "hcv://secret/app#password"])
            .assert()
            .success();
    }
    let server = UiServer::start(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;

        // Unlink one secret from its edit page.
        open(&c, &server, "/secrets/edit?name=LINK_ONE").await;
        let done = submit(&c, "form[action='/secrets/unlink'] button").await;
        assert!(done.contains("Unlinked LINK_ONE"), "{done}");
        assert!(find(&listed(&v), "LINK_ONE").unwrap()["link"].is_null());

        css(&c, "nav a[href='/integrations']")
            .await
            .click()
            .await
            .unwrap();
        let row = css(&c, "tbody tr").await.text().await.unwrap();
        assert!(row.contains("down") && row.contains("hcv"), "{row}");
        screenshot(&c, "integrations").await;
        let done = submit(&c, "button[aria-label='Test signing in to down']").await;
        assert!(done.contains("integration down:"), "{done}");

        css(&c, "a[aria-label='Remove down']")
            .await
            .click()
            .await
            .unwrap();
        let warning = css(&c, "#stop-resolving + ul").await.text().await.unwrap();
        assert_eq!(warning, "LINK_TWO");
        let done = submit(&c, "button.danger").await;
        assert!(done.contains("no longer resolve: LINK_TWO"), "{done}");
        let out = v
            .cmd()
            .args(["--json", "integration", "list"])
            .output()
            .unwrap();
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(list, serde_json::json!([]));
        c.close().await.unwrap();
    });
}

#[test]
fn linking_to_openbao_through_the_page_checks_the_reference_first() {
    let Some(driver) = driver() else { return };
    let bao = common::servers::Bao::start();
    bao.ok(&["kv", "put", "secret/app", "api-key=from-openbao-77"]);
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "hcv", "bao"])
        .env("VAULT_ADDR", &bao.addr)
        .env("VAULT_TOKEN", &bao.token)
        .assert()
        .success();
    v.set("SERVICE_KEY", "local-value");
    let server = UiServer::start(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        open(&c, &server, "/secrets/edit?name=SERVICE_KEY").await;
        // A reference that does not resolve is refused, and nothing is linked.
        fill(&c, "#link-reference", "hcv://secret/app#missing-key").await;
        css(&c, "input[name=replace]").await.click().await.unwrap();
        let error = submit(&c, "#link-reference ~ button").await;
        assert!(error.contains("nothing was linked"), "{error}");
        assert!(find(&listed(&v), "SERVICE_KEY").unwrap()["link"].is_null());
        assert_eq!(v.get("SERVICE_KEY"), "local-value");

        open(&c, &server, "/secrets/edit?name=SERVICE_KEY").await;
        fill(&c, "#link-reference", "hcv://secret/app#api-key").await;
        css(&c, "input[name=replace]").await.click().await.unwrap();
        let done = submit(&c, "#link-reference ~ button").await;
        assert!(done.contains("Linked SERVICE_KEY"), "{done}");
        assert!(done.contains("checked: 15 bytes"), "{done}");
        screenshot(&c, "linked").await;
        let entry = find(&listed(&v), "SERVICE_KEY").unwrap().clone();
        assert_eq!(entry["link"]["integration"], "bao");
        assert_eq!(entry["link"]["reference"], "hcv://secret/app#api-key");
        assert_eq!(v.get("SERVICE_KEY"), "from-openbao-77");
        c.close().await.unwrap();
    });
}

#[test]
fn checking_a_template_in_the_page_reports_what_locket_check_reports() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    v.set("EMPTY_ONE", "");
    v.cmd().args(["disable", "EMPTY_ONE"]).assert().success();
    let template = "Authorization: Bearer {{vault:API_TOKEN}}\nX-Off: {{vault:EMPTY_ONE}}\nX-None: {{vault:MISSING}}\n";
    let out = v
        .cmd()
        .args(["--json", "check"])
        .write_stdin(template)
        .output()
        .unwrap();
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let server = UiServer::start(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        css(&c, "nav a[href='/check']").await.click().await.unwrap();
        fill(&c, "#template", template).await;
        let before = c.find(Locator::Css("html")).await.unwrap();
        css(&c, "#template ~ button").await.click().await.unwrap();
        gone(&before).await;
        let summary = css(&c, "#check-summary").await.text().await.unwrap();
        assert_eq!(summary, "3 reference(s), 2 unresolved.");
        screenshot(&c, "check").await;
        let rows = c.find_all(Locator::Css("tbody tr")).await.unwrap();
        assert_eq!(rows.len(), 3);
        for (row, expected) in rows.iter().zip(cli.as_array().unwrap()) {
            let cells = row.find_all(Locator::Css("th, td")).await.unwrap();
            let mut text = Vec::new();
            for cell in cells {
                text.push(cell.text().await.unwrap());
            }
            let at = format!("{}:{}", expected["line"], expected["column"]);
            assert_eq!(text[0], at);
            assert_eq!(text[1], expected["reference"].as_str().unwrap());
            assert_eq!(text[2], expected["state"].as_str().unwrap());
            assert_eq!(text[3], expected["reason"].as_str().unwrap_or("–"));
        }
        assert!(!c.source().await.unwrap().contains(SECRET));
        c.close().await.unwrap();
    });
}

#[test]
fn the_doctor_page_shows_the_report_of_locket_doctor() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    let out = v.cmd().args(["--json", "doctor"]).output().unwrap();
    assert!(out.status.success());
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let server = UiServer::start(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        css(&c, "nav a[href='/doctor']")
            .await
            .click()
            .await
            .unwrap();
        let summary = css(&c, "#doctor-summary").await.text().await.unwrap();
        assert!(summary.contains("0 problem(s)"), "{summary}");
        screenshot(&c, "doctor").await;
        let mut shown = Vec::new();
        for row in c.find_all(Locator::Css("tbody tr")).await.unwrap() {
            let mut text = Vec::new();
            for cell in row.find_all(Locator::Css("th, td")).await.unwrap() {
                text.push(cell.text().await.unwrap());
            }
            // The running server holds the database open: its WAL files exist and are checked
            // too, as `locket doctor` checks them whenever they exist.
            if !text[2].contains("vault.db-wal") && !text[2].contains("vault.db-shm") {
                shown.push(text);
            }
        }
        let expected: Vec<Vec<String>> = cli
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                ["check", "status", "detail"]
                    .iter()
                    .map(|k| e[k].as_str().unwrap().to_string())
                    .collect()
            })
            .collect();
        assert_eq!(shown, expected);
        c.close().await.unwrap();
    });
}
