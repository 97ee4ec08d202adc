//! The command line, as documented in DESIGN §2. Names here are the contract: keep them.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};
use locket_providers::{Flag, Given, KINDS};

const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  1  operation failed
  2  usage error
  3  vault locked or wrong key
  4  unresolved reference or secret not found
  5  external vault error";

const KEY_SOURCES: &str = "\
The vault key is taken from the first of: LOCKET_VAULT_KEY (the key string), LOCKET_VAULT_KEY_FILE
(a file holding it), the OS keyring, a prompt on the terminal (which also accepts the vault's
passphrase). LOCKET_NO_PROMPT=1 turns prompts off.";

#[derive(Debug, Parser)]
#[command(
    name = "locket",
    version,
    about = "The secrets vault for API work: a local encrypted vault for API keys and tokens",
    after_help = format!("{KEY_SOURCES}\n\n{EXIT_CODES}"),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Parses the command line.
///
/// `locket get NAME` is the command scripts run once per secret, and building clap's whole
/// tree (every subcommand's arguments, `run`'s sixty flags) is a fifth of such a process. So a
/// command line with a `get` in it is first parsed by a tree that holds `get` alone, built from
/// the same definitions: a sub-tree of the whole one, so what it accepts reads the same in
/// both. Whatever it does not accept as it is (help, version, a mistake, another command) goes
/// to the whole tree, so every message the user can see comes from one parser.
pub fn parse() -> Cli {
    parse_get_alone(std::env::args_os()).unwrap_or_else(Cli::parse)
}

/// `args` parsed by a tree with `get` as its only subcommand, or `None` when anything but a
/// plain `get` command line (help and version included) is given.
fn parse_get_alone(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<Cli> {
    let args: Vec<_> = args.into_iter().collect();
    if !args.iter().skip(1).any(|word| word == "get") {
        return None;
    }
    let get = GetArgs::augment_args(clap::Command::new("get")).disable_help_flag(true);
    let tree = Global::augment_args(clap::Command::new("locket"))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .subcommand_required(true)
        .subcommand(get);
    let matches = tree.try_get_matches_from(args).ok()?;
    Cli::from_arg_matches(&matches).ok()
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Vault directory [default: $XDG_DATA_HOME/locket]
    #[arg(long, global = true, env = "LOCKET_HOME", value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Machine-readable output where it applies
    #[arg(long, global = true)]
    pub json: bool,
    /// Say nothing on stderr except errors and warnings
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to colour output (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    Auto,
    /// (`on`, as newman writes it)
    #[value(alias = "on")]
    Always,
    /// (`off`, as newman writes it)
    #[value(alias = "off")]
    Never,
}

// Parsed once per process (as IntegrationCommand below): the size of the largest variant does not
// matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a vault and its key
    Init(InitArgs),
    /// Add or update a secret; the value comes from stdin or a hidden prompt, never from argv
    Set(SetArgs),
    /// Print a secret's value (the one command that prints plaintext on purpose)
    Get(GetArgs),
    /// List secrets: names, masked values, domains, state
    #[command(visible_alias = "ls")]
    List,
    /// Remove a secret
    Rm(NameArg),
    /// Rename a secret
    Rename(RenameArgs),
    /// Let references to a secret resolve again
    Enable(NameArg),
    /// Stop references to a secret from resolving, without deleting it
    Disable(NameArg),
    /// Add domains a secret may be sent to, or clear the list (an empty list allows any)
    Allow(AllowArgs),
    /// Write every secret to an encrypted (age) or plaintext file
    Export(ExportArgs),
    /// Import secrets from a locket export, a Postman environment (JSON or v3 YAML) or a .env
    /// file
    Import(ImportArgs),
    /// Print FILE (or stdin) with every {{vault:NAME}} reference resolved
    Render(TemplateArgs),
    /// List every reference in FILE (or stdin, or every Postman file under a directory) with its
    /// state, without printing any value; with --secrets, find literal secrets in collections,
    /// environments and .env files
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
    /// Run a command with {{vault:NAME}} references in its environment resolved; secrets in its
    /// output are masked
    Exec(ExecArgs),
    /// Send one HTTP request (curl-style flags) with references resolved in the URL, headers
    /// and body, only to destinations each secret is allowed for
    #[command(after_help = SEND_AFTER_HELP)]
    Send(SendArgs),
    /// Run a Postman collection (v2.0/v2.1 JSON, or a v3 YAML directory) with newman's flags, {{vault:NAME}} references
    /// resolved and checked against each request's destination
    #[command(after_help = RUN_AFTER_HELP)]
    Run(RunArgs),
    /// Delete the vault, after confirmation
    Destroy(DestroyArgs),
    /// Manage the vault key
    #[command(subcommand)]
    Key(KeyCommand),
    /// Connect external vaults (`locket integration add --help` lists the kinds)
    #[command(subcommand)]
    Integration(IntegrationCommand),
    /// Link a secret to a secret in an external vault: fetched on use, cached encrypted
    #[command(after_help = link_help())]
    Link(LinkArgs),
    /// Make a linked secret local again (with no value; `locket set` gives it one)
    Unlink(NameArg),
    /// The encrypted cache of values fetched from external vaults
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Check the vault's integrity, permissions and key sources
    Doctor,
    /// The vault in your browser: a local web app on 127.0.0.1, for you only
    Ui(UiArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Also write the key to FILE (created with mode 0600; never overwritten)
    #[arg(long, value_name = "FILE")]
    pub key_out: Option<PathBuf>,
    /// Do not store the key in the OS keyring
    #[arg(long)]
    pub no_keyring: bool,
    /// Also let a passphrase unlock the vault (Argon2id); read from LOCKET_PASSPHRASE or a prompt
    #[arg(long)]
    pub passphrase: bool,
}

#[derive(Debug, Args)]
pub struct NameArg {
    /// Secret name (A-Z a-z 0-9 _ - ., up to 128 characters)
    pub name: String,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Secret name (A-Z a-z 0-9 _ - ., up to 128 characters)
    pub name: String,
    /// Destination the secret may be sent to (repeatable); replaces the existing list
    #[arg(long = "allow", value_name = "DOMAIN")]
    pub allow: Vec<String>,
    /// Read the value from FILE, byte for byte (by default: stdin, one trailing newline removed)
    #[arg(long, value_name = "FILE")]
    pub from_file: Option<PathBuf>,
}

/// How linked secrets are fetched, for every command that resolves secrets.
#[derive(Debug, Clone, Copy, Args)]
#[command(next_help_heading = "External vaults")]
pub struct FetchArgs {
    /// Fetch linked secrets from their external vaults even when the cache holds them
    #[arg(long)]
    pub refresh: bool,
    /// When an external vault cannot be reached, use an expired cached value (with a warning)
    #[arg(long)]
    pub allow_stale: bool,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// Secret name
    pub name: String,
    /// Do not print a trailing newline
    #[arg(short = 'n')]
    pub no_newline: bool,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    pub old: String,
    pub new: String,
}

#[derive(Debug, Args)]
pub struct AllowArgs {
    /// Secret name
    pub name: String,
    /// Domains to add: host, *.wildcard, optionally scheme:// and :port
    #[arg(
        required_unless_present = "clear",
        conflicts_with = "clear",
        value_name = "DOMAIN"
    )]
    pub domains: Vec<String>,
    /// Remove every allowed domain (the secret may then go anywhere)
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to FILE (mode 0600, never overwritten) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write plaintext JSON instead of an encrypted file
    #[arg(long)]
    pub plaintext: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// File to import, or - for stdin
    pub file: PathBuf,
    /// What to do when a name already exists
    #[arg(long, value_enum, default_value_t = OnConflictArg::Fail)]
    pub on_conflict: OnConflictArg,
    /// Postman environments: import only variables of type `secret`
    #[arg(long)]
    pub secret_only: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnConflictArg {
    Skip,
    Overwrite,
    Fail,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// The text to read [default: stdin]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Find literal secrets (not {{vault:…}} references) in PATHs: files, or directories walked
    #[arg(long, help_heading = "Literal secrets")]
    pub secrets: bool,
    /// Move each secret found into the vault and write {{vault:NAME}} in its place
    #[arg(long, requires = "secrets", help_heading = "Literal secrets")]
    pub fix: bool,
    /// Do not ask before --fix moves the secrets (required without a terminal)
    #[arg(long, requires = "fix", help_heading = "Literal secrets")]
    pub yes: bool,
    /// The entropy heuristic's threshold in bits per character, or `off`
    #[arg(long, value_name = "BITS|off", default_value = "4.0", requires = "secrets", value_parser = entropy_threshold, help_heading = "Literal secrets")]
    pub entropy: Threshold,
    /// The shortest token the entropy heuristic considers
    #[arg(
        long,
        value_name = "N",
        default_value_t = 20,
        requires = "secrets",
        help_heading = "Literal secrets"
    )]
    pub min_length: usize,
    /// Fingerprints of findings that are not secrets [default: .locketignore, if present]
    #[arg(
        long,
        value_name = "FILE",
        requires = "secrets",
        help_heading = "Literal secrets"
    )]
    pub ignore_file: Option<PathBuf>,
    /// The text to read [default: stdin]; with --secrets, files and directories
    #[arg(value_name = "PATH", help_heading = "Arguments")]
    pub paths: Vec<PathBuf>,
}

/// The entropy threshold; `None` turns the heuristic off.
#[derive(Debug, Clone, Copy)]
pub struct Threshold(pub Option<f64>);

fn entropy_threshold(text: &str) -> Result<Threshold, String> {
    if text == "off" {
        return Ok(Threshold(None));
    }
    match text.parse::<f64>() {
        Ok(bits) if (0.0..=8.0).contains(&bits) => Ok(Threshold(Some(bits))),
        _ => Err("expected bits per character between 0 and 8, or `off`".into()),
    }
}

const CHECK_AFTER_HELP: &str = "\
With --secrets, locket scans Postman collections (v2.x JSON, v3 YAML), environments and globals
(JSON, *.environment.yaml) and .env files for secret-typed values, Authorization and API-key
headers, auth fields, parameters named like secrets, well-known token formats and random-looking
tokens; it prints file:line:column, the kind, at most 4 leading characters and an id, never the
value, and exits 4 when it finds any. Mark a false positive with `# locket:ignore` on its line
(YAML, .env) or its id in .locketignore. See docs/secrets-scanning.md.";

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// Also load variables from a .env file (repeatable; later files win)
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,
    /// Let the command's output through unmasked
    #[arg(long)]
    pub no_masking: bool,
    /// Pass on the variables that unlock locket (LOCKET_VAULT_KEY, LOCKET_VAULT_KEY_FILE,
    /// LOCKET_PASSPHRASE, LOCKET_EXPORT_PASSPHRASE), for a command that runs locket itself;
    /// without it the command never sees them
    #[arg(long)]
    pub pass_key_env: bool,
    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

const SEND_AFTER_HELP: &str = "\
Every secret a request uses must be allowed for its destination (scheme, host, port), checked
again on every redirect with -L; otherwise nothing is sent (exit 4, or exit 1 for a redirect).
The response body goes to stdout with secrets masked (-o writes it to a file, unmasked); -i and -v
print headers to stderr, masked.

Exit codes: 0 whenever a response arrives, whatever its HTTP status (as curl; --fail makes 4xx
and 5xx exit 1); 1 request failed (connection, TLS, timeout, bad URL, refused redirect);
2 usage error; 3 vault locked; 4 unresolved reference or destination not allowed.";

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The URL (references allowed)
    pub url: String,
    /// HTTP method [default: GET, or POST with a body]
    #[arg(short = 'X', long = "request", value_name = "METHOD")]
    pub method: Option<String>,
    /// A header, 'Name: value' (repeatable; references allowed)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,
    /// The request body, taken literally (no @file: see --data-file; references allowed);
    /// Content-Type defaults to application/x-www-form-urlencoded, as in curl
    #[arg(
        short = 'd',
        long = "data",
        value_name = "DATA",
        conflicts_with = "data_file"
    )]
    pub data: Option<String>,
    /// Read the request body from FILE, byte for byte (references allowed)
    #[arg(long, value_name = "FILE")]
    pub data_file: Option<PathBuf>,
    /// Print the status line and response headers (to stderr, masked)
    #[arg(short = 'i', long = "include")]
    pub include: bool,
    /// Print the request and response headers (to stderr, masked)
    #[arg(short = 'v', long)]
    pub verbose: bool,
    /// Write the response body to FILE instead of stdout (unmasked: the file is yours)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Follow redirects (each one checked against every secret's allowed domains)
    #[arg(short = 'L', long = "location")]
    pub location: bool,
    /// At most this many redirects with -L
    #[arg(long = "max-redirs", value_name = "N", default_value_t = 10)]
    pub max_redirs: usize,
    /// Give up after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Do not verify the server's TLS certificate
    #[arg(short = 'k', long)]
    pub insecure: bool,
    /// Let plain-http requests carry secrets through a proxy (HTTP_PROXY, ALL_PROXY) that is
    /// not allowed for them, which sees them in cleartext; same as LOCKET_ALLOW_CLEARTEXT_PROXY=1
    #[arg(long = "allow-cleartext-proxy")]
    pub allow_cleartext_proxy: bool,
    /// Exit 1 without printing the body when the HTTP status is 400 or above
    #[arg(short = 'f', long)]
    pub fail: bool,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

const RUN_AFTER_HELP: &str = "\
Variables follow Postman's scopes, highest first: iteration data, environment (-e, then
--env-var), collection, globals (-g, then --global-var). {{vault:NAME}} references anywhere in
the collection, the environment, globals or data are resolved once, before the first request;
each request may only carry the secrets allowed for its destination (checked again on every
redirect), or it fails with the reason and nothing is sent to that destination.

Pre-request and test scripts are not run yet: they are counted and reported as not run.

Exit codes: 0 every request got a response (whatever its HTTP status, as newman without tests);
1 a request failed (connection, TLS, timeout, refused destination, cannot be built); 2 usage
error or unreadable collection, environment, globals or data file; 3 vault locked; 4 a
reference is unresolved (not found, disabled, malformed): nothing was sent.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Reporter {
    /// A progress bar on a terminal (one line per request otherwise), then a summary table
    Cli,
    /// newman's JSON report, to --reporter-json-export
    Json,
    /// newman's JUnit XML report, to --reporter-junit-export
    Junit,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The collection: a Postman v2.0/v2.1 JSON file, or a v3 collection directory
    /// (`postman/collections/NAME`) or one of its YAML files
    pub collection: PathBuf,
    /// Environment file (a Postman environment export, JSON or v3 `*.environment.yaml`)
    #[arg(short = 'e', long = "environment", value_name = "FILE")]
    pub environment: Option<PathBuf>,
    /// Globals file (a Postman globals export, JSON or v3 `*.globals.yaml`)
    #[arg(short = 'g', long = "globals", value_name = "FILE")]
    pub globals: Option<PathBuf>,
    /// Number of iterations [default: one per data row, or 1]; past the last data row, the last
    /// row repeats (as in newman)
    #[arg(short = 'n', long = "iteration-count", value_name = "N")]
    pub iteration_count: Option<usize>,
    /// Iteration data: a CSV file with a header row, or a JSON array of objects
    #[arg(short = 'd', long = "iteration-data", value_name = "FILE")]
    pub iteration_data: Option<PathBuf>,
    /// Run only this folder or request (by name; repeatable)
    #[arg(long = "folder", value_name = "NAME")]
    pub folders: Vec<String>,
    /// Reporters, comma-separated
    #[arg(
        short = 'r',
        long = "reporters",
        value_enum,
        value_delimiter = ',',
        default_value = "cli",
        value_name = "LIST"
    )]
    pub reporters: Vec<Reporter>,
    /// Where the json reporter writes [default: locket-run-report.json]
    #[arg(long = "reporter-json-export", value_name = "FILE")]
    pub json_export: Option<PathBuf>,
    /// Where the junit reporter writes [default: locket-run-report.xml]
    #[arg(long = "reporter-junit-export", value_name = "FILE")]
    pub junit_export: Option<PathBuf>,
    /// Set an environment variable, over the environment file (repeatable). The value may be
    /// a {{vault:NAME}} reference; never a secret itself (other processes can read argv)
    #[arg(long = "env-var", value_name = "KEY=VALUE")]
    pub env_vars: Vec<String>,
    /// Set a global variable, over the globals file (repeatable)
    #[arg(long = "global-var", value_name = "KEY=VALUE")]
    pub global_vars: Vec<String>,
    /// Stop the run at the first failed request
    #[arg(long)]
    pub bail: bool,
    /// Do not verify TLS certificates
    #[arg(short = 'k', long)]
    pub insecure: bool,
    /// Let plain-http requests carry secrets through a proxy (HTTP_PROXY, ALL_PROXY) that is
    /// not allowed for them, which sees them in cleartext; same as LOCKET_ALLOW_CLEARTEXT_PROXY=1
    #[arg(long = "allow-cleartext-proxy")]
    pub allow_cleartext_proxy: bool,
    /// Give up on a request after this many milliseconds [default: no limit]
    #[arg(long = "timeout-request", value_name = "MS")]
    pub timeout_request: Option<u64>,
    /// Wait this many milliseconds between requests
    #[arg(long = "delay-request", value_name = "MS", default_value_t = 0)]
    pub delay_request: u64,
    /// Do not follow redirects (overrides the collection's followRedirects)
    #[arg(long = "ignore-redirects")]
    pub ignore_redirects: bool,
    /// Run up to N iterations at once (each iteration's requests stay in order)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub parallel: usize,
    /// Where relative file paths in bodies are found [default: the current directory]
    #[arg(long = "working-dir", value_name = "DIR")]
    pub working_dir: Option<PathBuf>,
    /// Stop a script that runs longer than this many milliseconds [default: no limit]; the
    /// script fails, the run goes on
    #[arg(long = "timeout-script", value_name = "MS")]
    pub timeout_script: Option<u64>,
    /// Stop the whole run after this many milliseconds [default: no limit]
    #[arg(long = "timeout", value_name = "MS")]
    pub timeout: Option<u64>,
    /// Let scripts read and write the vault (pm.vault.get/set/unset) [env:
    /// LOCKET_ALLOW_SCRIPT_VAULT=1]; a script reads only secrets allowed for its request, and
    /// every value it touches is masked and kept from other hosts
    #[arg(long = "allow-script-vault")]
    pub allow_script_vault: bool,
    /// Write the environment as the scripts left it (a Postman environment file)
    #[arg(long = "export-environment", value_name = "FILE")]
    pub export_environment: Option<PathBuf>,
    /// Write the globals as the scripts left them (a Postman globals file)
    #[arg(long = "export-globals", value_name = "FILE")]
    pub export_globals: Option<PathBuf>,
    /// Write the collection as it was run (a v3 collection as the v2.1 JSON it reads as)
    #[arg(long = "export-collection", value_name = "FILE")]
    pub export_collection: Option<PathBuf>,
    /// Exit 0 even when requests, scripts or assertions failed
    #[arg(short = 'x', long = "suppress-exit-code")]
    pub suppress_exit_code: bool,
    /// No cli reporter output
    #[arg(long)]
    pub silent: bool,
    /// ASCII symbols only in the cli reporter
    #[arg(long = "disable-unicode")]
    pub disable_unicode: bool,
    /// Show each request's and response's headers in the cli reporter (masked)
    #[arg(long)]
    pub verbose: bool,
    /// Refuse body files outside the working directory
    #[arg(long = "no-insecure-file-read")]
    pub no_insecure_file_read: bool,
    /// Start with the cookies of this jar file (tough-cookie JSON, as newman writes it)
    #[arg(long = "cookie-jar", value_name = "FILE")]
    pub cookie_jar: Option<PathBuf>,
    /// Write the run's cookies, as they are at its end, to this jar file (newman's format)
    #[arg(long = "export-cookie-jar", value_name = "FILE")]
    pub export_cookie_jar: Option<PathBuf>,
    /// Present this client certificate (PEM: the certificate, then its chain) to HTTPS servers
    #[arg(long = "ssl-client-cert", value_name = "FILE")]
    pub ssl_client_cert: Option<PathBuf>,
    /// The client certificate's private key (unencrypted PEM); else it must be in the cert file
    #[arg(
        long = "ssl-client-key",
        value_name = "FILE",
        requires = "ssl_client_cert"
    )]
    pub ssl_client_key: Option<PathBuf>,
    /// Trust the CA certificates of this PEM file as well as the system's
    #[arg(long = "ssl-extra-ca-certs", value_name = "FILE")]
    pub ssl_extra_ca_certs: Option<PathBuf>,
    /// newman flags locket does not support yet: each is refused with its name, never ignored
    #[arg(
        long = "ssl-client-passphrase",
        aliases = ["ssl-client-cert-list"],
        hide = true,
        value_name = "VALUE",
        num_args = 0..=1
    )]
    pub ssl_client_unsupported: Option<Option<String>>,
    #[arg(long = "postman-api-key", hide = true, num_args = 0..=1)]
    pub postman_api_key: Option<Option<String>>,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

#[derive(Debug, Args)]
pub struct DestroyArgs {
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Print the vault key
    Show,
    /// Store the vault key in the OS keyring
    Store,
    /// Remove the vault key from the OS keyring
    Forget(ForgetArgs),
    /// Re-encrypt the vault under a new key, in one transaction
    Rotate(RotateArgs),
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// Forget even when the keyring may hold the only copy of the key
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Write the new key to FILE (mode 0600; never overwritten)
    #[arg(long, value_name = "FILE")]
    pub key_out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

const LINK_AFTER_HELP: &str = "\
The value is fetched when a command uses the secret, cached encrypted in the vault for the cache's
time to live (`locket cache ttl`), and never written in plaintext. --integration may be left out when
only one integration of the reference's kind exists.";

const CREDENTIALS_HELP: &str = "\
Credentials never go on the command line: they come from stdin (the --*-stdin flags) or from the
environment variables of the provider's own tools, and are stored encrypted in the vault.";

const CA_CERT_HELP: &str =
    "--ca-cert FILE (else SSL_CERT_FILE) is stored with the integration and trusted from then on.";

/// `integration reauth`'s help: where each kind's credentials come from.
fn reauth_help() -> String {
    let kinds: Vec<String> = KINDS
        .iter()
        .map(|k| format!("{}: {}", k.name(), k.environment().replace('\n', "\n     ")))
        .collect();
    format!("{CREDENTIALS_HELP}\n\n{}", kinds.join("\n"))
}

/// `link`'s help: each kind's reference syntax.
fn link_help() -> String {
    let kinds: Vec<String> = KINDS
        .iter()
        .map(|k| format!("  {:<5} {}", k.name(), k.syntax()))
        .collect();
    format!(
        "References, by provider:\n{}\n\n{LINK_AFTER_HELP}",
        kinds.join("\n")
    )
}

#[derive(Debug, Subcommand)]
pub enum IntegrationCommand {
    /// Add an integration and check that it can sign in
    #[command(subcommand)]
    Add(AddKind),
    /// List integrations (no credentials)
    List,
    /// Sign in and say who or what the credentials are
    Test(IntegrationNameArg),
    /// Give an integration new credentials (same sources as `add`), keeping its settings
    #[command(after_help = reauth_help())]
    Reauth(IntegrationReauthArgs),
    /// Remove an integration and its cached values; secrets linked through it stay, unresolvable
    Remove(IntegrationNameArg),
}

#[derive(Debug, Args)]
pub struct IntegrationNameArg {
    /// The integration's name
    pub name: String,
}

#[derive(Debug, Args)]
pub struct IntegrationReauthArgs {
    /// The integration's name
    pub name: String,
    #[command(flatten)]
    pub credentials: CredentialFlags,
}

/// `integration add KIND NAME`: one subcommand per provider kind in the registry, with that
/// kind's flags (the other kinds' flags are accepted but hidden, to be refused by name).
#[derive(Debug)]
pub struct AddKind {
    pub kind: &'static str,
    /// The flags given, and the integration's name.
    pub given: Given,
    pub no_test: bool,
}

impl Subcommand for AddKind {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        KINDS.iter().fold(cmd, |cmd, kind| {
            let mut sub = clap::Command::new(kind.name())
                .about(kind.title())
                .after_help(format!(
                    "{CREDENTIALS_HELP}\n\n{}\n{CA_CERT_HELP}",
                    kind.environment()
                ))
                .arg(
                    Arg::new("name")
                        .required(true)
                        .value_name("NAME")
                        .help("A name for this integration (used by `link --integration`)"),
                );
            for other in KINDS {
                let foreign = other.name() != kind.name();
                for flag in other.flags() {
                    sub = sub.arg(flag_arg(flag).hide(foreign).help_heading(kind.title()));
                }
            }
            cmd.subcommand(
                sub.arg(
                    Arg::new("ca-cert")
                    .long("ca-cert")
                    .value_name("FILE")
                    .value_parser(clap::value_parser!(PathBuf))
                    .help(
                        "PEM file of CA certificates to trust (else SSL_CERT_FILE), stored with \
                         the integration: corporate proxies, private CAs",
                    ),
            )
            .arg(
                Arg::new("timeout")
                    .long("timeout")
                    .value_name("SECONDS")
                    .value_parser(clap::value_parser!(u64))
                    .help("Seconds one request may take, retries aside (default 10)"),
            )
            .arg(
                Arg::new("no-test")
                    .long("no-test")
                    .action(ArgAction::SetTrue)
                    .help("Save without signing in first"),
            ),
            )
        })
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        KINDS.iter().any(|k| k.name() == name)
    }
}

impl FromArgMatches for AddKind {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let Some((kind, m)) = matches.subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        let kind = KINDS
            .iter()
            .map(|k| k.name())
            .find(|k| *k == kind)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidSubcommand))?;
        let mut given = given(m, KINDS.iter().flat_map(|k| k.flags()));
        given.integration = m.get_one::<String>("name").cloned().unwrap_or_default();
        given.ca_cert = m.get_one::<PathBuf>("ca-cert").cloned();
        given.timeout = m.get_one::<u64>("timeout").copied();
        Ok(AddKind {
            kind,
            given,
            no_test: m.get_flag("no-test"),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

/// The flags of every kind that give new credentials, for `integration reauth`.
#[derive(Debug, Clone)]
pub struct CredentialFlags(pub Given);

fn reauth_flags() -> impl Iterator<Item = (&'static Flag, &'static str)> {
    KINDS.iter().flat_map(|k| {
        k.flags()
            .iter()
            .filter(|f| f.reauth)
            .map(|f| (f, k.title()))
    })
}

impl Args for CredentialFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        reauth_flags().fold(cmd, |cmd, (flag, title)| {
            cmd.arg(flag_arg(flag).help_heading(title))
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for CredentialFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(CredentialFlags(given(
            matches,
            reauth_flags().map(|(f, _)| f),
        )))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

/// The clap argument a provider's flag declares.
fn flag_arg(flag: &'static Flag) -> Arg {
    let arg = Arg::new(flag.name)
        .long(flag.name)
        .help(flag.help)
        .conflicts_with_all(flag.conflicts);
    let arg = flag.requires.iter().fold(arg, |arg, r| arg.requires(*r));
    let arg = match flag.value {
        None => arg.action(ArgAction::SetTrue),
        Some(placeholder) => arg.value_name(placeholder).action(ArgAction::Set),
    };
    if flag.choices.is_empty() {
        return arg;
    }
    arg.value_parser(PossibleValuesParser::new(
        flag.choices
            .iter()
            .map(|(value, help)| PossibleValue::new(*value).help(*help)),
    ))
}

/// The flags among `flags` that `matches` holds.
fn given<'a>(matches: &ArgMatches, flags: impl Iterator<Item = &'a Flag>) -> Given {
    let mut given = Given::default();
    for flag in flags {
        let value = match flag.value {
            None => matches.get_flag(flag.name).then_some(None),
            Some(_) => matches.get_one::<String>(flag.name).cloned().map(Some),
        };
        if let Some(value) = value {
            given.set(flag.name, value);
        }
    }
    given
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The vault secret's name (created when new)
    pub name: String,
    /// The provider reference, e.g. hcv://secret/app#api-key or aws-sm://prod/db#password
    pub reference: String,
    /// Which integration to fetch through (implied when one of the reference's kind exists)
    #[arg(long, value_name = "NAME")]
    pub integration: Option<String>,
    /// Domains the secret may be sent to (new secrets; default: any)
    #[arg(long = "allow", value_name = "DOMAIN")]
    pub allow: Vec<String>,
    /// Link a secret that holds a local value, discarding that value
    #[arg(long)]
    pub replace: bool,
    /// Fetch once now to check the reference
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Show or set how long fetched values are kept, in minutes (0 turns the cache off)
    Ttl(CacheTtlArgs),
    /// Drop cached values: all of them, or one secret's
    Reset(CacheResetArgs),
    /// Cached secrets with their age and expiry (no values)
    List,
}

#[derive(Debug, Args)]
pub struct CacheTtlArgs {
    /// New time to live in minutes; without it, the current one is shown
    pub minutes: Option<u32>,
}

#[derive(Debug, Args)]
pub struct CacheResetArgs {
    /// Only this secret's cached value
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct UiArgs {
    /// Port on 127.0.0.1 (default: a free one)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
    /// Print the address without opening a browser
    #[arg(long)]
    pub no_open: bool,
    /// Stop after this many minutes without a request (decimals allowed: 0.5 is 30 seconds)
    #[arg(long, value_name = "MIN", default_value = "30", value_parser = idle_minutes)]
    pub idle: std::time::Duration,
    /// Hide a revealed value again after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub reveal_seconds: u64,
}

/// `--idle MIN`: minutes, decimals allowed, from one second to a day.
fn idle_minutes(text: &str) -> Result<std::time::Duration, String> {
    let minutes: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of minutes"))?;
    if !(minutes * 60.0 >= 1.0 && minutes <= 1440.0) {
        return Err(format!(
            "{text} minutes is out of range: from 1 second (0.0167) to 1440 minutes"
        ));
    }
    Ok(std::time::Duration::from_secs_f64(minutes * 60.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(words: &[&str]) -> Vec<std::ffi::OsString> {
        words.iter().map(Into::into).collect()
    }

    /// Every command line of up to three words after `get`, with the global options before it
    /// or not, and lines where `get` is a value: the `get`-only tree accepts a subset of what
    /// the whole tree accepts, and reads it the same way.
    #[test]
    fn the_get_alone_tree_reads_what_it_accepts_as_the_whole_tree_does() {
        const WORDS: &[&str] = &[
            "API_KEY",
            "-n",
            "--refresh",
            "--allow-stale",
            "--json",
            "-q",
            "--color",
            "never",
            "--color=on",
            "--vault-dir",
            "/v",
            "--",
            "-h",
            "--help",
            "-V",
            "--version",
            "-nq",
            "--bogus",
            "list",
            "get",
        ];
        const BEFORE: &[&[&str]] = &[
            &["get"],
            &["--json", "get"],
            &["--vault-dir", "/v", "get"],
            &["--color", "never", "-q", "get"],
            &["--vault-dir", "get"],
            &["list"],
        ];
        let mut tails = vec![vec![]];
        for _ in 0..3 {
            let longer: Vec<Vec<&str>> = tails
                .iter()
                .flat_map(|tail: &Vec<&str>| {
                    WORDS.iter().map(move |w| [tail.as_slice(), &[*w]].concat())
                })
                .collect();
            tails.extend(longer.into_iter().filter(|t| t.len() <= 3));
            tails.sort();
            tails.dedup();
        }
        let mut fast = 0;
        for before in BEFORE {
            for tail in &tails {
                let words = [&["locket"], *before, tail.as_slice()].concat();
                let Some(alone) = parse_get_alone(argv(&words)) else {
                    continue;
                };
                fast += 1;
                let whole = Cli::try_parse_from(argv(&words))
                    .unwrap_or_else(|e| panic!("{words:?}: the whole tree refuses it: {e}"));
                assert_eq!(format!("{alone:?}"), format!("{whole:?}"), "{words:?}");
            }
        }
        assert!(fast > 500, "only {fast} command lines took the short path");
    }

    #[test]
    fn help_version_mistakes_and_other_commands_go_to_the_whole_tree() {
        for words in [
            &["locket", "get", "--help"][..],
            &["locket", "get", "-h"],
            &["locket", "get", "NAME", "--version"],
            &["locket", "get"],
            &["locket", "get", "NAME", "--bogus"],
            &["locket", "get", "NAME", "--vault-dir"],
            &["locket", "list"],
            &["locket"],
        ] {
            assert!(parse_get_alone(argv(words)).is_none(), "{words:?}");
        }
        let plain = parse_get_alone(argv(&["locket", "--vault-dir", "/v", "get", "NAME", "-n"]))
            .expect("plain get");
        assert!(
            matches!(plain.command, Command::Get(GetArgs { ref name, no_newline: true, .. }) if name == "NAME")
        );
    }
}
