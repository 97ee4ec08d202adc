//! The run: which requests (the plan, computed once), how many iterations, how many at once,
//! and what happened to each request (an [`Execution`], already masked).
//!
//! Iterations run on one current-thread tokio runtime; `--parallel N` keeps N iterations in
//! flight at once (each iteration's requests stay in order), sharing one connection pool.
//! A request fails on a transport error, a timeout, a refused destination or a request that
//! cannot be built; an HTTP 4xx/5xx is not a failure (as in newman without tests). With
//! `bail`, no request starts after the first failure.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use locket_core::redact::RedactionSet;
use locket_core::resolve::Resolution;

use super::dynamic::Dynamic;
use super::model::{Auth, Collection, Item, Profile, RequestItem};
use super::request::{BuildOptions, Context, build};
use super::send::{Clients, send};
use super::variables::{Scope, Scopes};

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// `-n`; by default one per data row, or one.
    pub iterations: Option<usize>,
    /// `--folder`: names of folders (or requests) to run, in collection order.
    pub folders: Vec<String>,
    pub bail: bool,
    pub insecure: bool,
    pub timeout_request: Option<Duration>,
    pub delay_request: Duration,
    pub ignore_redirects: bool,
    /// Iterations in flight at once (at least 1).
    pub parallel: usize,
    /// Where relative file paths in bodies are found.
    pub working_dir: PathBuf,
}

/// One request of the plan: the item, where it is, and what it inherits.
pub struct Planned<'c> {
    pub item: &'c RequestItem,
    /// Folder names from the collection down, then the request's name.
    pub path: Vec<&'c str>,
    pub auth: Option<&'c Auth>,
    pub profile: Profile,
    /// Scripts that would run for this request: its own, its folders' and the collection's.
    pub scripts: usize,
}

impl Planned<'_> {
    pub fn path_text(&self) -> String {
        self.path.join(" / ")
    }
}

/// The requests to run, in order. `folders` selects folders or requests by name (anywhere in
/// the tree); a name that matches nothing is an error naming it.
pub fn plan<'c>(
    collection: &'c Collection,
    folders: &[String],
) -> Result<Vec<Planned<'c>>, String> {
    struct Walk<'c, 'f> {
        out: Vec<Planned<'c>>,
        folders: &'f [String],
        found: Vec<bool>,
    }
    fn walk<'c>(
        w: &mut Walk<'c, '_>,
        items: &'c [Item],
        path: &mut Vec<&'c str>,
        auth: Option<&'c Auth>,
        profile: Profile,
        scripts: usize,
        selected: bool,
    ) {
        for item in items {
            match item {
                Item::Request(r) => {
                    let hit = w.folders.iter().position(|f| *f == r.name);
                    if let Some(i) = hit {
                        w.found[i] = true;
                    }
                    if selected || hit.is_some() {
                        let mut p = path.clone();
                        p.push(&r.name);
                        let own_auth = r.request.auth.as_ref().filter(|a| a.kind != "inherit");
                        w.out.push(Planned {
                            item: r,
                            path: p,
                            auth: own_auth.or(auth).filter(|a| a.kind != "noauth"),
                            profile: r.profile.over(profile),
                            scripts: scripts + r.scripts,
                        });
                    }
                }
                Item::Folder(f) => {
                    let hit = w.folders.iter().position(|n| *n == f.name);
                    if let Some(i) = hit {
                        w.found[i] = true;
                    }
                    path.push(&f.name);
                    let folder_auth = f.auth.as_ref().filter(|a| a.kind != "inherit");
                    walk(
                        w,
                        &f.items,
                        path,
                        folder_auth.or(auth),
                        f.profile.over(profile),
                        scripts + f.scripts,
                        selected || hit.is_some(),
                    );
                    path.pop();
                }
            }
        }
    }
    let mut w = Walk {
        out: Vec::new(),
        folders,
        found: vec![false; folders.len()],
    };
    walk(
        &mut w,
        &collection.items,
        &mut Vec::new(),
        collection.auth.as_ref().filter(|a| a.kind != "inherit"),
        collection.profile,
        collection.scripts,
        folders.is_empty(),
    );
    let missing: Vec<&str> = folders
        .iter()
        .zip(&w.found)
        .filter(|(_, found)| !**found)
        .map(|(f, _)| f.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no folder or request named {} in the collection",
            missing
                .iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(w.out)
}

/// A request as sent, masked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SentRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body_size: usize,
}

/// The response, masked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ResponseInfo {
    pub code: u16,
    pub status: String,
    pub headers: Vec<(String, String)>,
    pub size: u64,
    pub time: Duration,
}

/// What happened to one request in one iteration. Every text in it is masked.
#[derive(Clone, Debug)]
pub struct Execution {
    pub iteration: usize,
    /// Index in the plan.
    pub position: usize,
    pub request: Option<SentRequest>,
    pub response: Option<ResponseInfo>,
    pub error: Option<String>,
    /// Scripts that were not run for this request.
    pub skipped_scripts: usize,
}

impl Execution {
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }
}

/// A request of the plan, as reports name it.
#[derive(Clone, Debug)]
pub struct ItemInfo {
    pub id: String,
    pub name: String,
    pub path: String,
}

/// The whole run.
pub struct Summary {
    pub collection_name: String,
    pub collection_id: String,
    pub environment_name: Option<String>,
    pub globals_name: Option<String>,
    pub items: Vec<ItemInfo>,
    pub iterations: usize,
    /// In iteration order, then plan order.
    pub executions: Vec<Execution>,
    pub started: SystemTime,
    pub duration: Duration,
    /// Whether `--bail` stopped the run early.
    pub bailed: bool,
}

/// min, max, mean, standard deviation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub min: Duration,
    pub max: Duration,
    pub mean: Duration,
    pub sd: Duration,
}

impl Summary {
    pub fn failed_requests(&self) -> usize {
        self.executions.iter().filter(|e| e.failed()).count()
    }

    pub fn failed_iterations(&self) -> usize {
        let mut failed: Vec<usize> = self
            .executions
            .iter()
            .filter(|e| e.failed())
            .map(|e| e.iteration)
            .collect();
        failed.dedup();
        failed.len()
    }

    /// Iterations that started (fewer than asked when `--bail` stopped the run).
    pub fn iterations_run(&self) -> usize {
        self.executions
            .iter()
            .map(|e| e.iteration + 1)
            .max()
            .unwrap_or(0)
    }

    pub fn skipped_scripts(&self) -> usize {
        self.executions.iter().map(|e| e.skipped_scripts).sum()
    }

    pub fn received(&self) -> u64 {
        self.executions
            .iter()
            .filter_map(|e| e.response.as_ref())
            .map(|r| r.size)
            .sum()
    }

    pub fn response_times(&self) -> Stats {
        let times: Vec<f64> = self
            .executions
            .iter()
            .filter_map(|e| e.response.as_ref())
            .map(|r| r.time.as_secs_f64())
            .collect();
        if times.is_empty() {
            return Stats::default();
        }
        let n = times.len() as f64;
        let mean = times.iter().sum::<f64>() / n;
        let var = times.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / n;
        let secs = Duration::from_secs_f64;
        Stats {
            min: secs(times.iter().copied().fold(f64::INFINITY, f64::min)),
            max: secs(times.iter().copied().fold(0.0, f64::max)),
            mean: secs(mean),
            sd: secs(var.sqrt()),
        }
    }
}

/// Everything a run reads, parsed once.
pub struct Inputs {
    pub collection: Collection,
    /// Values of `secret`-typed variables (collection, environment, globals): masked too.
    pub secret_values: Vec<String>,
    pub environment_name: Option<String>,
    pub environment: Scope,
    pub globals_name: Option<String>,
    pub globals: Scope,
    pub data: Vec<Scope>,
}

/// What the workers share: all borrowed, all on one thread.
struct Shared<'a, 'p> {
    inputs: &'a Inputs,
    plan: &'a [Planned<'p>],
    options: &'a RunOptions,
    resolution: &'a Resolution,
    mask: &'a RedactionSet,
    iterations: usize,
    collection_scope: Scope,
    empty: Scope,
    clients: Clients,
    build_options: BuildOptions<'a>,
    next_iteration: Cell<usize>,
    stop: Cell<bool>,
    first_request: Cell<bool>,
    results: RefCell<Vec<Execution>>,
    on_done: RefCell<&'a mut dyn FnMut(&Execution)>,
}

/// Runs `plan`. `on_done` sees each execution as it finishes (for a progress bar).
pub fn run(
    inputs: &Inputs,
    plan: &[Planned<'_>],
    options: &RunOptions,
    resolution: &Resolution,
    mask: &RedactionSet,
    on_done: &mut dyn FnMut(&Execution),
) -> Result<Summary, String> {
    let iterations = options
        .iterations
        .unwrap_or_else(|| inputs.data.len().max(1));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let shared = Shared {
        inputs,
        plan,
        options,
        resolution,
        mask,
        iterations,
        collection_scope: Scope::new(&inputs.collection.variables),
        empty: Scope::default(),
        clients: Clients::default(),
        build_options: BuildOptions {
            working_dir: &options.working_dir,
            insecure: options.insecure,
            ignore_redirects: options.ignore_redirects,
        },
        next_iteration: Cell::new(0),
        stop: Cell::new(false),
        first_request: Cell::new(true),
        results: RefCell::new(Vec::with_capacity(
            iterations.saturating_mul(plan.len()).min(1 << 20),
        )),
        on_done: RefCell::new(on_done),
    };
    let started = SystemTime::now();
    let clock = std::time::Instant::now();
    let workers = options.parallel.clamp(1, iterations.max(1));
    runtime.block_on(async {
        let all: Vec<_> = (0..workers).map(|_| worker(&shared)).collect();
        futures_util::future::join_all(all).await;
    });

    let bailed = shared.stop.get();
    let mut executions = shared.results.into_inner();
    executions.sort_by_key(|e| (e.iteration, e.position));
    Ok(Summary {
        collection_name: inputs.collection.name.clone(),
        collection_id: inputs.collection.id.clone(),
        environment_name: inputs.environment_name.clone(),
        globals_name: inputs.globals_name.clone(),
        items: plan
            .iter()
            .map(|p| ItemInfo {
                id: p.item.id.clone(),
                name: p.item.name.clone(),
                path: p.path_text(),
            })
            .collect(),
        iterations,
        executions,
        started,
        duration: clock.elapsed(),
        bailed,
    })
}

/// Takes the next iteration until none is left (or `--bail` stopped the run).
async fn worker(s: &Shared<'_, '_>) {
    let mut dynamic = Dynamic::new();
    loop {
        let iteration = s.next_iteration.get();
        if iteration >= s.iterations || s.stop.get() {
            return;
        }
        s.next_iteration.set(iteration + 1);
        let data = s
            .inputs
            .data
            .get(iteration)
            .or(s.inputs.data.last())
            .unwrap_or(&s.empty);
        for (position, planned) in s.plan.iter().enumerate() {
            if s.stop.get() {
                return;
            }
            if !s.first_request.replace(false) && !s.options.delay_request.is_zero() {
                tokio::time::sleep(s.options.delay_request).await;
            }
            let scopes = Scopes {
                layers: vec![
                    data,
                    &s.inputs.environment,
                    &s.collection_scope,
                    &s.inputs.globals,
                ],
            };
            let execution = execute(s, planned, scopes, &mut dynamic, iteration, position).await;
            if execution.failed() && s.options.bail {
                s.stop.set(true);
            }
            (s.on_done.borrow_mut())(&execution);
            s.results.borrow_mut().push(execution);
        }
    }
}

/// Builds and sends one request; every text kept is masked.
async fn execute(
    s: &Shared<'_, '_>,
    planned: &Planned<'_>,
    scopes: Scopes<'_>,
    dynamic: &mut Dynamic,
    iteration: usize,
    position: usize,
) -> Execution {
    let mask = s.mask;
    let mut execution = Execution {
        iteration,
        position,
        request: None,
        response: None,
        error: None,
        skipped_scripts: planned.scripts,
    };
    let mut ctx = Context {
        scopes,
        dynamic,
        resolution: s.resolution,
        used: Default::default(),
    };
    let built = match build(
        &planned.item.request,
        planned.auth,
        planned.profile,
        &mut ctx,
        &s.build_options,
    ) {
        Ok(built) => built,
        Err(e) => {
            execution.error = Some(mask.mask_str(&e.to_string()));
            return execution;
        }
    };
    execution.request = Some(SentRequest {
        method: built.method.to_string(),
        url: mask.mask_str(built.url.as_str()),
        headers: masked_headers(&built.headers, mask),
        body_size: built.body.as_ref().map_or(0, Vec::len),
    });
    match send(&s.clients, built, s.resolution, s.options.timeout_request).await {
        Ok(answer) => {
            execution.response = Some(ResponseInfo {
                code: answer.status.as_u16(),
                status: answer
                    .status
                    .canonical_reason()
                    .unwrap_or_default()
                    .to_string(),
                headers: masked_headers(&answer.headers, mask),
                size: answer.size,
                time: answer.time,
            });
        }
        Err(e) => execution.error = Some(mask.mask_str(&e.0)),
    }
    execution
}

fn masked_headers(
    headers: &reqwest::header::HeaderMap,
    mask: &RedactionSet,
) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                mask.mask_str(&String::from_utf8_lossy(v.as_bytes())),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection() -> Collection {
        Collection::from_json(
            br#"{"info":{"name":"c"},"auth":{"type":"bearer","bearer":[{"key":"token","value":"t"}]},
            "event":[{"listen":"test","script":{"exec":["x"]}}],
            "item":[
              {"name":"top","request":"http://a/"},
              {"name":"F","auth":{"type":"noauth"},"item":[
                 {"name":"in-f","request":"http://a/f"},
                 {"name":"G","auth":{"type":"inherit"},"item":[{"name":"in-g","request":{"url":"http://a/g","auth":{"type":"basic","basic":[]}}}]}
              ]},
              {"name":"H","item":[{"name":"in-h","request":"http://a/h"}]}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn plan_inherits_auth_and_counts_scripts() {
        let c = collection();
        let p = plan(&c, &[]).unwrap();
        let names: Vec<String> = p.iter().map(|p| p.path_text()).collect();
        assert_eq!(names, ["top", "F / in-f", "F / G / in-g", "H / in-h"]);
        assert_eq!(p[0].auth.unwrap().kind, "bearer");
        assert!(p[1].auth.is_none(), "noauth on the folder");
        assert_eq!(p[2].auth.unwrap().kind, "basic");
        assert_eq!(p[3].auth.unwrap().kind, "bearer");
        assert!(p.iter().all(|p| p.scripts == 1));
    }

    #[test]
    fn folders_select_in_collection_order() {
        let c = collection();
        let p = plan(&c, &["H".into(), "G".into()]).unwrap();
        let names: Vec<String> = p.iter().map(|p| p.path_text()).collect();
        assert_eq!(names, ["F / G / in-g", "H / in-h"]);
        let err = plan(&c, &["nope".into()]).err().unwrap();
        assert!(err.contains("\"nope\""), "{err}");
    }
}
