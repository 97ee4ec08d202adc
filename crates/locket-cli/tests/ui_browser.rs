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

/// Presses and releases `key` where the focus is, as a person at the keyboard does.
async fn press(c: &Client, key: fantoccini::key::Key) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let key: char = key.into();
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(actions).await.unwrap();
}

async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Polls `script` (a JavaScript expression) until it is true, or fails after WAIT.
async fn until(c: &Client, script: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    while js(c, &format!("return Boolean({script})")).await != serde_json::json!(true) {
        assert!(
            std::time::Instant::now() < deadline,
            "still false after {WAIT:?}: {script}"
        );
    }
}

/// WebDriver's Set Permission (the Permissions spec's extension command, which chromedriver
/// implements) for the current page's origin.
#[derive(Debug)]
struct SetPermission(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for SetPermission {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/permissions", session_id.unwrap_or("")))
    }

    fn method_and_body(&self, _: &url::Url) -> (reqwest::Method, Option<String>) {
        let body = serde_json::json!({ "descriptor": { "name": self.0 }, "state": "granted" });
        (reqwest::Method::POST, Some(body.to_string()))
    }
}

#[test]
fn copy_puts_the_value_on_the_clipboard_and_reveal_hides_it_again() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    let server = UiServer::start_args(&v, &["--reveal-seconds", "2"]);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table[data-reveal-seconds='2']").await;
        for permission in ["clipboard-read", "clipboard-write"] {
            c.issue_cmd(SetPermission(permission)).await.unwrap();
        }
        // Something else on the clipboard first, so only Copy can put the value there.
        let before = c
            .execute_async(
                "navigator.clipboard.writeText('before').then(() => arguments[0](true), e => arguments[0](String(e)))",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(before, serde_json::json!(true));

        css(&c, "button[aria-label='Copy API_TOKEN']")
            .await
            .click()
            .await
            .unwrap();
        until(&c, "document.querySelector('td.value .status')?.textContent.includes('Copied')").await;
        // Read back from the system clipboard, and pasted into a field with the keyboard.
        let read = c
            .execute_async(
                "navigator.clipboard.readText().then(t => arguments[0](t), e => arguments[0]('refused: ' + e))",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(read, serde_json::json!(SECRET));
        let search = css(&c, "input[name=q]").await;
        search.click().await.unwrap();
        {
            use fantoccini::actions::{InputSource, KeyAction, KeyActions};
            let ctrl: char = fantoccini::key::Key::Control.into();
            let paste = KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: ctrl })
                .then(KeyAction::Down { value: 'v' })
                .then(KeyAction::Up { value: 'v' })
                .then(KeyAction::Up { value: ctrl });
            c.perform_actions(paste).await.unwrap();
        }
        assert_eq!(search.prop("value").await.unwrap().unwrap(), SECRET);
        search.clear().await.unwrap();
        assert!(
            !c.source().await.unwrap().contains(SECRET),
            "copying shows nothing"
        );

        // Reveal, then hidden again after --reveal-seconds, not before.
        let clicked = std::time::Instant::now();
        css(&c, "button[aria-label='Reveal API_TOKEN']")
            .await
            .click()
            .await
            .unwrap();
        until(&c, "document.querySelector('.mask.revealed')").await;
        assert_eq!(css(&c, ".mask.revealed").await.text().await.unwrap(), SECRET);
        until(&c, "!document.querySelector('.mask.revealed')").await;
        let shown_for = clicked.elapsed();
        assert!(
            shown_for >= Duration::from_millis(1900),
            "hidden after {shown_for:?}, before the 2 s asked for"
        );
        assert_eq!(css(&c, "td.value .mask").await.text().await.unwrap(), "••••••••");
        assert!(!c.source().await.unwrap().contains(SECRET));
        c.close().await.unwrap();
    });
}

#[test]
fn the_secrets_page_works_from_the_keyboard() {
    use fantoccini::key::Key;
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    v.set("OTHER", "other-value");
    let server = UiServer::start(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;

        // Every control, numbered in document order; Tab from the top must reach each, in order.
        let count = js(
            &c,
            "const all = Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')).filter(e => !e.disabled && e.getClientRects().length > 0); all.forEach((e, i) => e.dataset.k = i); return all.length",
        )
        .await
        .as_u64()
        .unwrap();
        assert!(count > 15, "only {count} controls");
        let mut reached = Vec::new();
        for _ in 0..count + 5 {
            press(&c, Key::Tab).await;
            let k = js(&c, "const k = document.activeElement.dataset.k; return k === undefined ? null : Number(k)").await;
            if let Some(k) = k.as_u64() {
                if reached.last() == Some(&k) {
                    continue;
                }
                reached.push(k);
            }
            if reached.len() as u64 == count {
                break;
            }
        }
        let expected: Vec<u64> = (0..count).collect();
        assert_eq!(reached, expected, "Tab order (by document position)");

        // Space on Reveal shows the value; Enter on Copy is a button press too.
        js(&c, "document.querySelector(\"button[aria-label='Reveal API_TOKEN']\").focus()").await;
        press(&c, Key::Space).await;
        until(&c, "document.querySelector('.mask.revealed')").await;
        assert_eq!(css(&c, ".mask.revealed").await.text().await.unwrap(), SECRET);
        js(&c, "document.querySelector(\"button[aria-label='Reveal OTHER']\").focus()").await;
        press(&c, Key::Enter).await;
        until(&c, "document.querySelectorAll('.mask.revealed').length == 2").await;

        // Enter on a name opens its page.
        js(&c, "document.querySelector(\"tbody a[href='/secrets/edit?name=OTHER']\").focus()").await;
        let before = c.find(Locator::Css("html")).await.unwrap();
        press(&c, Key::Enter).await;
        gone(&before).await;
        css(&c, "#new-value").await;
        assert_eq!(
            c.current_url().await.unwrap().query(),
            Some("name=OTHER")
        );

        // Delete… opens a dialog that takes the focus; Escape closes it and nothing is deleted.
        js(&c, "document.querySelector('a[data-dialog]').focus()").await;
        press(&c, Key::Enter).await;
        until(&c, "document.querySelector('#delete-dialog').open").await;
        until(&c, "document.querySelector('#delete-dialog').contains(document.activeElement)").await;
        press(&c, Key::Escape).await;
        until(&c, "!document.querySelector('#delete-dialog').open").await;
        assert!(find(&listed(&v), "OTHER").is_some(), "Escape deletes nothing");
        // Enter on Delete… again, Tab to the dialog's buttons, Space on Cancel closes it too.
        press(&c, Key::Enter).await;
        until(&c, "document.querySelector('#delete-dialog').open").await;
        js(&c, "document.querySelector('#delete-dialog [data-close]').focus()").await;
        press(&c, Key::Space).await;
        until(&c, "!document.querySelector('#delete-dialog').open").await;
        assert!(find(&listed(&v), "OTHER").is_some());
        c.close().await.unwrap();
    });
}

#[test]
fn the_server_stops_by_itself_after_the_idle_time() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    v.set("API_TOKEN", SECRET);
    let rt = runtime();
    // The browser first: the idle time runs from the server's start until the first request.
    let c = rt.block_on(browser(&driver));
    // 0.1 minutes: 6 seconds without a request.
    let mut server = UiServer::start_args(&v, &["--idle", "0.1"]);
    let last_request = rt.block_on(async {
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        let at = std::time::Instant::now();
        (c, at)
    });
    let (c, at) = last_request;
    let (status, stderr) = server
        .exited_within(Duration::from_secs(30))
        .expect("locket ui stops by itself");
    let idle_for = at.elapsed();
    assert!(status.success(), "{status}: {stderr}");
    assert!(
        stderr.contains("Stopped after 0.1 minute(s) idle."),
        "{stderr}"
    );
    assert!(
        idle_for >= Duration::from_millis(5900),
        "stopped after {idle_for:?}"
    );
    rt.block_on(async {
        // Nothing answers on its port any more.
        let reload = c.refresh().await;
        let page = c.source().await.unwrap_or_default();
        assert!(
            reload.is_err() || !page.contains("API_TOKEN"),
            "the page still loads: {page}"
        );
        c.close().await.unwrap();
    });
}

/// What `locket` wrote to stderr as its error, without the `error: ` prefix.
fn cli_error(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    err.trim()
        .strip_prefix("error: ")
        .unwrap_or(err.trim())
        .to_string()
}

fn integrations(v: &TestVault) -> serde_json::Value {
    let out = v
        .cmd()
        .args(["--json", "integration", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn adding_and_reauthenticating_an_openbao_integration_through_the_page() {
    let Some(driver) = driver() else { return };
    let bao = common::servers::Bao::start();
    bao.ok(&["kv", "put", "secret/app", "api-key=from-openbao-77"]);
    let wrong = "s.wrong-token-typed-4711";
    let v = TestVault::new();
    // What the CLI says about the wrong token, to compare with the page.
    let out = v
        .cmd()
        .args([
            "integration",
            "add",
            "hcv",
            "bao",
            "--address",
            &bao.addr,
            "--token-stdin",
        ])
        .write_stdin(format!("{wrong}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let cli_says = cli_error(&out);
    assert!(cli_says.starts_with("integration bao: "), "{cli_says}");
    let server = UiServer::start(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        css(&c, "nav a[href='/integrations']")
            .await
            .click()
            .await
            .unwrap();
        css(&c, "a[href='/integrations/add?kind=hcv']")
            .await
            .click()
            .await
            .unwrap();
        // The form is the kind's declared flags: each labelled, the token a password field.
        for id in [
            "flag-address",
            "flag-namespace",
            "flag-approle-mount",
            "flag-role-id",
        ] {
            css(&c, &format!("label[for={id}]")).await;
        }
        for id in ["flag-token-stdin", "flag-secret-id-stdin"] {
            let field = css(&c, &format!("#{id}")).await;
            assert_eq!(
                field.attr("type").await.unwrap().as_deref(),
                Some("password")
            );
        }
        screenshot(&c, "integration-add").await;

        // A wrong token: refused with the CLI's words; the token is in no page.
        fill(&c, "#integration-name", "bao").await;
        fill(&c, "#flag-address", &bao.addr).await;
        fill(&c, "#flag-token-stdin", wrong).await;
        let error = submit(&c, "form[action='/integrations/add'] button[type=submit]").await;
        assert_eq!(error, cli_says);
        assert!(!c.source().await.unwrap().contains(wrong));
        assert_eq!(
            css(&c, "#flag-address")
                .await
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some(bao.addr.as_str()),
            "the address is kept"
        );
        assert_eq!(
            css(&c, "#flag-token-stdin")
                .await
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some(""),
            "the token is not"
        );
        assert_eq!(integrations(&v), serde_json::json!([]));

        // The right one: added after signing in, as `integration add` does.
        fill(&c, "#flag-token-stdin", &bao.token).await;
        let done = submit(&c, "form[action='/integrations/add'] button[type=submit]").await;
        assert!(
            done.contains("Added integration bao (hcv); signed in:"),
            "{done}"
        );
        assert!(!c.source().await.unwrap().contains(&bao.token));
        let list = integrations(&v);
        assert_eq!(list[0]["name"], "bao");
        assert_eq!(list[0]["kind"], "hcv");
        assert!(
            list[0]["target"].as_str().unwrap().starts_with(&bao.addr),
            "{list}"
        );
        v.cmd()
            .args(["integration", "test", "bao"])
            .assert()
            .success();
        v.cmd()
            .args(["link", "SERVICE_KEY", "hcv://secret/app#api-key"])
            .assert()
            .success();
        assert_eq!(v.get("SERVICE_KEY"), "from-openbao-77");

        // --no-test: saved without signing in (nothing listens at that address).
        open(&c, &server, "/integrations/add?kind=hcv").await;
        fill(&c, "#integration-name", "offline").await;
        fill(&c, "#flag-address", "http://127.0.0.1:9").await;
        fill(&c, "#flag-token-stdin", "s.offline-token-1").await;
        css(&c, "#no-test").await.click().await.unwrap();
        let done = submit(&c, "form[action='/integrations/add'] button[type=submit]").await;
        assert!(
            done.contains("Added integration offline (hcv); not signed in (--no-test)"),
            "{done}"
        );
        assert_eq!(integrations(&v).as_array().unwrap().len(), 2);

        // Reauth with a new token; the old one is then not what the integration uses.
        let new_token = bao.ok(&["token", "create", "-field=token", "-policy=root"]);
        let new_token = new_token.trim();
        open(&c, &server, "/integrations").await;
        css(&c, "a[aria-label='New credentials for bao']")
            .await
            .click()
            .await
            .unwrap();
        screenshot(&c, "integration-reauth").await;
        fill(&c, "#flag-token-stdin", wrong).await;
        let error = submit(
            &c,
            "form[action='/integrations/reauth'] button[type=submit]",
        )
        .await;
        assert_eq!(error, cli_says, "reauth refuses it with the same words");
        assert!(!c.source().await.unwrap().contains(wrong));
        v.cmd()
            .args(["integration", "test", "bao"])
            .assert()
            .success();

        fill(&c, "#flag-token-stdin", new_token).await;
        let done = submit(
            &c,
            "form[action='/integrations/reauth'] button[type=submit]",
        )
        .await;
        assert!(
            done.contains("Updated the credentials of bao; signed in:"),
            "{done}"
        );
        assert!(!c.source().await.unwrap().contains(new_token));
        v.cmd()
            .args(["integration", "test", "bao"])
            .assert()
            .success();
        v.cmd().args(["cache", "reset"]).assert().success();
        assert_eq!(v.get("SERVICE_KEY"), "from-openbao-77");
        // Revoking the new token breaks the integration: it is the one stored.
        bao.ok(&["token", "revoke", new_token]);
        v.cmd()
            .args(["integration", "test", "bao"])
            .assert()
            .code(5);
        c.close().await.unwrap();
    });
}

/// Reveals SERVICE_KEY on a fresh secrets page: the value shown, or the message shown instead.
async fn reveal_linked(c: &Client, server: &UiServer) -> Result<String, String> {
    open(c, server, "/secrets").await;
    css(c, "button[aria-label='Reveal SERVICE_KEY']")
        .await
        .click()
        .await
        .unwrap();
    until(
        c,
        "document.querySelector('.mask.revealed, td.value .status')",
    )
    .await;
    match c.find(Locator::Css(".mask.revealed")).await {
        Ok(shown) => Ok(shown.text().await.unwrap()),
        Err(_) => Err(css(c, "td.value .status").await.text().await.unwrap()),
    }
}

#[test]
fn revealing_a_linked_secret_reads_it_as_locket_get_does() {
    let Some(driver) = driver() else { return };
    let bao = common::servers::Bao::start();
    bao.ok(&["kv", "put", "secret/app", "api-key=first-value-31"]);
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "hcv", "bao"])
        .env("VAULT_ADDR", &bao.addr)
        .env("VAULT_TOKEN", &bao.token)
        .assert()
        .success();
    v.cmd()
        .args(["link", "SERVICE_KEY", "hcv://secret/app#api-key"])
        .assert()
        .success();
    let server = UiServer::start(&v);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        assert_eq!(
            css(&c, "td.value .mask").await.text().await.unwrap(),
            "(linked)"
        );
        // Fetched from OpenBao on the first reveal (and cached, as `locket get` caches it).
        assert_eq!(
            reveal_linked(&c, &server).await,
            Ok("first-value-31".to_string())
        );
        assert_eq!(v.get("SERVICE_KEY"), "first-value-31");

        // Changed in OpenBao: the cached value is what both read until the cache is cleared.
        bao.ok(&["kv", "put", "secret/app", "api-key=second-value-32"]);
        assert_eq!(
            reveal_linked(&c, &server).await,
            Ok("first-value-31".to_string())
        );
        assert_eq!(v.get("SERVICE_KEY"), "first-value-31");
        v.cmd().args(["cache", "reset"]).assert().success();
        assert_eq!(
            reveal_linked(&c, &server).await,
            Ok("second-value-32".to_string())
        );
        assert_eq!(v.get("SERVICE_KEY"), "second-value-32");

        // A reference that no longer resolves: the page says what `locket get` says.
        bao.ok(&["kv", "metadata", "delete", "secret/app"]);
        v.cmd().args(["cache", "reset"]).assert().success();
        let out = v.cmd().args(["get", "SERVICE_KEY"]).output().unwrap();
        assert!(!out.status.success());
        let error = reveal_linked(&c, &server).await.unwrap_err();
        assert!(
            error.contains(&cli_error(&out)),
            "{error} / {}",
            cli_error(&out)
        );
        assert!(!c.source().await.unwrap().contains("value-3"));
        c.close().await.unwrap();
    });
}

/// docs/BENCHMARKS.md §10: the secrets page with 10,000 secrets, fully rendered in headless
/// Chromium (Navigation Timing, `loadEventEnd - startTime`, and the first byte,
/// `responseStart - startTime`), median of RUNS navigations in one signed-in session, served
/// by LOCKET_UI_BINARY (a release build when measuring) or the test build. Run with
/// `-- --ignored --nocapture full_render`.
#[test]
#[ignore = "a measurement: run by hand, see docs/BENCHMARKS.md section 10"]
fn full_render_of_the_secrets_page_with_10000_secrets() {
    let Some(driver) = driver() else { return };
    let v = TestVault::new();
    let env_file = v.path("all.env");
    let lines: String = (1..=10_000)
        .map(|i| format!("SECRET_{i:05}=value-{i}\n"))
        .collect();
    std::fs::write(&env_file, lines).unwrap();
    v.cmd().arg("import").arg(&env_file).assert().success();
    let binary = std::env::var_os("LOCKET_UI_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("locket"));
    let runs: usize = std::env::var("RUNS").map_or(11, |r| r.parse().unwrap());
    let server = UiServer::start_binary(&v, &binary, true, &[]);
    runtime().block_on(async {
        let c = browser(&driver).await;
        c.goto(&server.login_url).await.unwrap();
        css(&c, "table").await;
        assert!(css(&c, "#count").await.text().await.unwrap().contains("of 10000 secrets"));
        let (mut load, mut first_byte) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            open(&c, &server, "/secrets").await;
            let entry = "performance.getEntriesByType('navigation')[0]";
            until(&c, &format!("{entry}.loadEventEnd > 0")).await;
            let t = js(&c, &format!("const e = {entry}; return [e.loadEventEnd - e.startTime, e.responseStart - e.startTime]")).await;
            load.push(t[0].as_f64().unwrap());
            first_byte.push(t[1].as_f64().unwrap());
        }
        let median = |mut all: Vec<f64>| {
            all.sort_by(f64::total_cmp);
            all[all.len() / 2]
        };
        println!(
            "{} : {runs} navigations to /secrets (10,000 secrets): full render (loadEventEnd - startTime) median {:.1} ms (min {:.1}, max {:.1}); first byte (responseStart - startTime) median {:.1} ms",
            binary.display(),
            median(load.clone()),
            load.iter().copied().fold(f64::INFINITY, f64::min),
            load.iter().copied().fold(0.0, f64::max),
            median(first_byte)
        );
        c.close().await.unwrap();
    });
}
