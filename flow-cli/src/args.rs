//! The command line, declared with clap's derive: every command, its arguments and its examples.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Global options and the command.
#[derive(Debug, Parser)]
#[command(
    name = "flow",
    version,
    about = "The Flow webinar API from a shell",
    long_about = "The Flow webinar API from a shell.\n\nThe API secret comes from FLOW_API_SECRET or --api-secret-file, never from an argument (it would land in shell history and `ps`).",
    after_help = "Examples:\n  flow sessions list --period past\n  flow registrants import people.csv --session T35tT0K3n --journal import.jsonl\n  flow reports collect registrants --period past -o attendance.csv\n  eval \"$(flow mock --seed 7 &)\"  # a local mock server for trying things out"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The API root (else FLOW_BASE_URL, else production).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Read the API secret from this file (else FLOW_API_SECRET).
    #[arg(long, global = true, value_name = "PATH")]
    pub api_secret_file: Option<PathBuf>,
    /// Seconds each attempt may take (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Retries after a failed attempt, 0 to 10 (default 2).
    #[arg(long, global = true, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Output format (default: table on a terminal, json when piped; csv for reports).
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Write the output to FILE instead of stdout.
    #[arg(short, long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress bar and no summary on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Log each request to stderr, redacted (-v requests and retries, -vv everything).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// How results are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON document, the API's own field names.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header.
    Csv,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Webinar sessions.
    #[command(subcommand)]
    Sessions(Sessions),
    /// Who registered.
    #[command(subcommand)]
    Registrants(Registrants),
    /// The account's operators.
    #[command(subcommand)]
    Operators(Operators),
    /// A session's surveys.
    #[command(subcommand)]
    Surveys(Surveys),
    /// CSV reports.
    #[command(subcommand)]
    Reports(Reports),
    /// SSO rooms.
    #[command(subcommand)]
    Rooms(Rooms),
    /// Run the bundled mock server (prints FLOW_BASE_URL and FLOW_API_SECRET for it).
    #[command(after_help = "Example:\n  flow mock --port 8080 --seed 7")]
    Mock {
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Seed of the generated data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  flow completions bash > ~/.local/share/bash-completion/completions/flow"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `flow sessions ...`
#[derive(Debug, Subcommand)]
pub enum Sessions {
    /// List sessions.
    #[command(after_help = "Example:\n  flow sessions list --period past --analytics")]
    List {
        /// Which sessions (default: all the API returns).
        #[arg(long, value_enum)]
        period: Option<PeriodArg>,
        /// Include each session's attendance figures.
        #[arg(long)]
        analytics: bool,
    },
    /// One session.
    #[command(after_help = "Example:\n  flow sessions get T35tT0K3n --public")]
    Get {
        /// The session token.
        token: String,
        /// The public view (no secret needed).
        #[arg(long)]
        public: bool,
    },
    /// Create a session.
    #[command(
        after_help = "Example:\n  flow sessions create --creator-id 1001 --title 'Q3 review' --date 2026-12-10 --time 15:00:00 --timezone Europe/Paris --operator 1002:5"
    )]
    Create {
        /// A user id from `flow operators list`.
        #[arg(long, value_name = "ID")]
        creator_id: i64,
        /// Title.
        #[arg(long)]
        title: String,
        /// Day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Start time, HH:MM:SS.
        #[arg(long, value_name = "HH:MM:SS")]
        time: String,
        /// IANA time zone, e.g. Europe/Paris.
        #[arg(long, value_name = "TZ")]
        timezone: String,
        /// Description.
        #[arg(long, default_value = "")]
        description: String,
        /// An operator as ID:ROLE (5 presenter, 10 organizer); repeat for more.
        #[arg(long = "operator", value_name = "ID:ROLE")]
        operators: Vec<String>,
        /// Publish it.
        #[arg(long)]
        published: bool,
    },
}

/// A period as the command line spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// Today's.
    Current,
    /// Ended.
    Past,
    /// Upcoming.
    Future,
}

/// `flow registrants ...`
#[derive(Debug, Subcommand)]
pub enum Registrants {
    /// A session's registrants.
    #[command(after_help = "Example:\n  flow registrants list T35tT0K3n --format csv")]
    List {
        /// The session token.
        token: String,
    },
    /// Register one person.
    #[command(
        after_help = "Example:\n  flow registrants add T35tT0K3n --email ada@example.com --first-name Ada --last-name Lovelace"
    )]
    Add {
        /// The session token.
        token: String,
        /// Email.
        #[arg(long)]
        email: String,
        /// First name.
        #[arg(long)]
        first_name: String,
        /// Last name.
        #[arg(long)]
        last_name: String,
    },
    /// Register everyone in a CSV file (columns email, first_name, last_name, optional session_token).
    #[command(
        after_help = "Exit status 3 when some rows were not registered (the summary says why).\n\nExample:\n  flow registrants import people.csv --session T35tT0K3n --concurrency 16 --journal import.jsonl"
    )]
    Import {
        /// The CSV file.
        file: PathBuf,
        /// The session for rows without a session_token column.
        #[arg(long, value_name = "TOKEN")]
        session: Option<String>,
        /// Registrations in flight at once (1 to 64, default 8).
        #[arg(long, value_name = "N")]
        concurrency: Option<u64>,
        /// Record progress here; rerunning with the same journal sends only what is not done.
        #[arg(long, value_name = "FILE")]
        journal: Option<PathBuf>,
    },
}

/// `flow operators ...`
#[derive(Debug, Subcommand)]
pub enum Operators {
    /// The account's operators.
    #[command(after_help = "Example:\n  flow operators list")]
    List,
}

/// `flow surveys ...`
#[derive(Debug, Subcommand)]
pub enum Surveys {
    /// A session's surveys.
    #[command(after_help = "Example:\n  flow surveys list T35tT0K3n")]
    List {
        /// The session token.
        token: String,
    },
}

/// Which report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportArg {
    /// All four tables (JSON unless --format csv).
    Summary,
    /// Registrants and attendance.
    Registrants,
    /// The attendee chat.
    AttendeeChat,
    /// The operator chat.
    OperatorChat,
    /// One survey's answers (needs --survey-id).
    Survey,
}

/// `flow reports ...`
#[derive(Debug, Subcommand)]
pub enum Reports {
    /// One session's report.
    #[command(after_help = "Example:\n  flow reports get attendee-chat LKo586mmk7g -o chat.csv")]
    Get {
        /// Which report.
        #[arg(value_enum)]
        kind: ReportArg,
        /// The session token.
        token: String,
        /// The survey, for `survey`.
        #[arg(long, value_name = "ID")]
        survey_id: Option<String>,
    },
    /// One report across many sessions, with `Session Token` and `Session Title` columns first.
    #[command(
        after_help = "Examples:\n  flow reports collect registrants --period past -o attendance.csv\n  flow reports collect attendee-chat --session LKo586mmk7g --session rGt3dC546xs"
    )]
    Collect {
        /// Which report (not summary).
        #[arg(value_enum)]
        kind: ReportArg,
        /// The sessions of this period.
        #[arg(
            long,
            value_enum,
            conflicts_with = "sessions",
            required_unless_present = "sessions"
        )]
        period: Option<PeriodArg>,
        /// These sessions (repeat for more).
        #[arg(long = "session", value_name = "TOKEN")]
        sessions: Vec<String>,
        /// The survey, for `survey`.
        #[arg(long, value_name = "ID")]
        survey_id: Option<String>,
        /// Reports in flight at once (1 to 64, default 8).
        #[arg(long, value_name = "N")]
        concurrency: Option<u64>,
    },
}

/// `flow rooms ...`
#[derive(Debug, Subcommand)]
pub enum Rooms {
    /// An account's SSO rooms.
    #[command(after_help = "Example:\n  flow rooms list acc0untT0k3n")]
    List {
        /// The account token.
        account_token: String,
    },
    /// A personal login link to a room (registers the member).
    #[command(
        after_help = "Example:\n  flow rooms link m41nSt4g3 --email ada@example.com --first-name Ada --last-name Lovelace"
    )]
    Link {
        /// The room id.
        room_id: String,
        /// Email.
        #[arg(long)]
        email: String,
        /// First name.
        #[arg(long)]
        first_name: String,
        /// Last name.
        #[arg(long)]
        last_name: String,
    },
}
