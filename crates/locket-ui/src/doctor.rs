//! The doctor page: `locket doctor`'s report (permissions, format, key sources, every
//! record, every integration's sign-in), made by the CLI's own checks and shown as a table.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use locket_core::Vault;

use crate::html::{self, Section, escape};
use crate::state::{App, Failure};

/// One line of the report: what was checked, `ok`, `warn`, `fail` or `info`, and the detail.
pub struct DoctorLine {
    pub check: String,
    pub status: &'static str,
    pub detail: String,
}

/// Makes the report for the open vault (the CLI passes its `doctor` here).
pub type Doctor = Arc<dyn Fn(&Vault) -> Result<Vec<DoctorLine>, String> + Send + Sync>;

pub fn routes() -> axum::Router<Arc<App>> {
    axum::Router::new().route("/doctor", get(page))
}

async fn page(State(app): State<Arc<App>>) -> Result<Response, Failure> {
    let Some(doctor) = app.doctor.clone() else {
        return Err(Failure::bad(
            "the doctor report is not available here: run `locket doctor`",
        ));
    };
    let lines = app
        .with_vault(move |vault| doctor(vault).map_err(Failure::bad))
        .await?;
    let failures = lines.iter().filter(|l| l.status == "fail").count();
    let mut body = format!(
        r#"<p id="doctor-summary" role="status">{} check(s), {failures} problem(s). The same report as <code>locket doctor</code>; it reports and never repairs.</p>"#,
        lines.len()
    );
    body.push_str(r#"<div class="scroll"><table><thead><tr><th scope="col">Check</th><th scope="col">Status</th><th scope="col">Detail</th></tr></thead><tbody>"#);
    for l in &lines {
        let _ = write!(
            body,
            r#"<tr><th scope="row">{}</th><td data-label="Status">{}</td><td data-label="Detail">{}</td></tr>"#,
            escape(&l.check),
            l.status,
            escape(&l.detail)
        );
    }
    body.push_str("</tbody></table></div>");
    Ok(html::page("Doctor", Section::Doctor, &body).into_response())
}
