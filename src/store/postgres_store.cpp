// SPDX-License-Identifier: Apache-2.0
#include "store/postgres_store.hpp"

#include <dlfcn.h>      // dlopen, dlsym: libpq is loaded on first use
#include <libpq-fe.h>   // libpq's types and declarations (the functions come through dlsym)

#include <algorithm>    // std::sort, std::unique
#include <cmath>        // std::isnan, std::isinf
#include <cstdlib>      // std::getenv: PGPASSWORD, PGCONNECT_TIMEOUT
#include <cstring>      // std::memcpy: the binary COPY's fields
#include <fstream>      // reading the files of pace store push
#include <functional>   // std::function: rows of a COPY … TO STDOUT
#include <unordered_map>  // runs by key
#include <map>          // benchmark ids by name
#include <memory>       // std::unique_ptr
#include <mutex>        // std::call_once
#include <optional>     // std::optional
#include <set>          // ids already written in one run
#include <sstream>      // std::ostringstream
#include <string_view>  // std::string_view

#include <fmt/format.h>  // fmt::format

#include "model/json_format.hpp"  // to_json_text, run_from_json
#include "model/metrics.hpp"      // metric_infos: the figures history reads
#include "store/column_block.hpp"  // the packed columns of run_columns
#include "store/reference.hpp"    // pick_saved_run: the grammar every store shares

namespace pace::store {

namespace {

// ---- libpq, loaded on first use ------------------------------------------------

/// The libpq functions pace calls, looked up in libpq.so.5. Loading it lazily
/// keeps libpace free of a link dependency: benchmark binaries that only ever
/// save files run where libpq is not installed.
struct Libpq {
    decltype(&PQconnectdbParams) connectdb_params = nullptr;
    decltype(&PQstatus) status = nullptr;
    decltype(&PQerrorMessage) error_message = nullptr;
    decltype(&PQfinish) finish = nullptr;
    decltype(&PQexec) exec = nullptr;
    decltype(&PQexecParams) exec_params = nullptr;
    decltype(&PQresultStatus) result_status = nullptr;
    decltype(&PQresultErrorMessage) result_error_message = nullptr;
    decltype(&PQresultErrorField) result_error_field = nullptr;
    decltype(&PQclear) clear = nullptr;
    decltype(&PQntuples) ntuples = nullptr;
    decltype(&PQgetvalue) getvalue = nullptr;
    decltype(&PQgetisnull) getisnull = nullptr;
    decltype(&PQgetlength) getlength = nullptr;
    decltype(&PQputCopyData) put_copy_data = nullptr;
    decltype(&PQputCopyEnd) put_copy_end = nullptr;
    decltype(&PQgetCopyData) get_copy_data = nullptr;
    decltype(&PQescapeLiteral) escape_literal = nullptr;
    decltype(&PQgetResult) get_result = nullptr;
    decltype(&PQconninfoParse) conninfo_parse = nullptr;
    decltype(&PQconninfoFree) conninfo_free = nullptr;
    decltype(&PQfreemem) freemem = nullptr;
    decltype(&PQsetNoticeProcessor) set_notice_processor = nullptr;
    std::string error;  ///< why libpq could not be loaded, "" when it was
};

template <class F>
bool bind(void* handle, const char* name, F& slot) {
    slot = reinterpret_cast<F>(::dlsym(handle, name));
    return slot != nullptr;
}

const Libpq& libpq() {
    static Libpq lib;
    static std::once_flag once;
    std::call_once(once, [] {
        // Kept open for the life of the process, as a linked library would be.
        void* handle = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char* why = ::dlerror();
            lib.error = why ? why : "libpq.so.5 not found";
            return;
        }
        bool ok = bind(handle, "PQconnectdbParams", lib.connectdb_params) && bind(handle, "PQstatus", lib.status) &&
                  bind(handle, "PQerrorMessage", lib.error_message) && bind(handle, "PQfinish", lib.finish) &&
                  bind(handle, "PQexec", lib.exec) && bind(handle, "PQexecParams", lib.exec_params) &&
                  bind(handle, "PQresultStatus", lib.result_status) &&
                  bind(handle, "PQresultErrorMessage", lib.result_error_message) &&
                  bind(handle, "PQresultErrorField", lib.result_error_field) && bind(handle, "PQclear", lib.clear) &&
                  bind(handle, "PQntuples", lib.ntuples) && bind(handle, "PQgetvalue", lib.getvalue) &&
                  bind(handle, "PQgetisnull", lib.getisnull) && bind(handle, "PQgetlength", lib.getlength) &&
                  bind(handle, "PQputCopyData", lib.put_copy_data) && bind(handle, "PQputCopyEnd", lib.put_copy_end) &&
                  bind(handle, "PQgetCopyData", lib.get_copy_data) &&
                  bind(handle, "PQescapeLiteral", lib.escape_literal) &&
                  bind(handle, "PQgetResult", lib.get_result) && bind(handle, "PQconninfoParse", lib.conninfo_parse) &&
                  bind(handle, "PQconninfoFree", lib.conninfo_free) && bind(handle, "PQfreemem", lib.freemem) &&
                  bind(handle, "PQsetNoticeProcessor", lib.set_notice_processor);
        if (!ok) lib.error = "libpq.so.5 lacks a function pace calls (too old a libpq?)";
    });
    return lib;
}

// ---- secrets ---------------------------------------------------------------------

/// The password a connection string carries (URL or key=value form), or "".
std::string password_of(const std::string& url) {
    const Libpq& pq = libpq();
    if (!pq.error.empty()) return {};
    char* error = nullptr;
    PQconninfoOption* options = pq.conninfo_parse(url.c_str(), &error);
    if (error) pq.freemem(error);
    std::string out;
    if (options) {
        for (PQconninfoOption* o = options; o->keyword; ++o)
            if (std::string_view(o->keyword) == "password" && o->val) out = o->val;
        pq.conninfo_free(options);
    }
    return out;
}

/// `text` with every occurrence of the URL's password and of PGPASSWORD
/// replaced by `***`: libpq's messages are passed on through this, whatever
/// they hold.
std::string scrub(std::string text, const std::string& url) {
    std::vector<std::string> secrets{password_of(url)};
    if (const char* env = std::getenv("PGPASSWORD")) secrets.emplace_back(env);
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at; (at = text.find(secret)) != std::string::npos;) text.replace(at, secret.size(), "***");
    }
    return text;
}

/// The first line of a libpq message, trimmed.
std::string first_line(const std::string& text) {
    std::string out = text.substr(0, text.find('\n'));
    while (!out.empty() && (out.back() == ' ' || out.back() == '\r')) out.pop_back();
    return out;
}

// ---- connections and queries --------------------------------------------------

/// One PGresult, cleared when it goes.
struct ResultDeleter {
    void operator()(PGresult* r) const {
        if (r) libpq().clear(r);
    }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

/// A query's rows.
class Rows {
public:
    explicit Rows(ResultPtr result) : result_(std::move(result)) {}
    int size() const { return libpq().ntuples(result_.get()); }
    bool null(int row, int column) const { return libpq().getisnull(result_.get(), row, column) != 0; }
    std::string text(int row, int column) const {
        const Libpq& pq = libpq();
        return std::string(pq.getvalue(result_.get(), row, column),
                           static_cast<std::size_t>(pq.getlength(result_.get(), row, column)));
    }
    long long integer(int row, int column) const { return null(row, column) ? 0 : std::stoll(text(row, column)); }

private:
    ResultPtr result_;
};

/// One connection to the database of a URL; every error it returns names the
/// URL without its password.
class Connection {
public:
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        if (conn_) libpq().finish(conn_);
    }

    /// Connects, or says why not: a refused password, an unreachable server,
    /// a missing database, each with its hint.
    std::optional<InputError> open(const std::string& url) {
        url_ = url;
        shown_ = mask_password(url);
        const Libpq& pq = libpq();
        if (!pq.error.empty())
            return InputError{shown_, "", "cannot load libpq, the PostgreSQL client library: " + pq.error,
                              "install it (Debian: apt-get install libpq5)"};
        // An unreachable host fails in seconds rather than the system's TCP
        // timeout; the URL's own connect_timeout (or PGCONNECT_TIMEOUT) wins.
        // dbname is expanded last, so what the URL says overrides these.
        const char* timeout = std::getenv("PGCONNECT_TIMEOUT");
        const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
        const char* values[] = {timeout && *timeout ? timeout : "10", "pace", url.c_str(), nullptr};
        conn_ = pq.connectdb_params(keywords, values, 1);
        if (!conn_) return InputError{shown_, "", "out of memory while connecting", ""};
        if (pq.status(conn_) == CONNECTION_OK) {
            pq.set_notice_processor(conn_, [](void*, const char*) {}, nullptr);  // "already exists, skipping"
            return std::nullopt;
        }
        std::string why = scrub(pq.error_message(conn_), url);
        const std::string line = first_line(why);
        auto has = [&why](const char* s) { return why.find(s) != std::string::npos; };
        const std::string credentials_hint =
            "the password comes from the URL, PGPASSWORD or ~/.pgpass (libpq's rules); it is never printed";
        if (has("password authentication failed") || has("authentication failed"))
            return InputError{shown_, "", "the server refused the password" + user_phrase(), credentials_hint};
        if (has("no password supplied"))
            return InputError{shown_, "", "the server asks for a password and none was given" + user_phrase(),
                              credentials_hint};
        if (has("database \"") && has("does not exist"))
            return InputError{shown_, "", "no such database on the server",
                              "create it (createdb NAME, or CREATE DATABASE), then pace store init URL"};
        if (has("could not connect") || has("Connection refused") || has("timeout expired") ||
            has("could not translate host name") || has("No such file or directory") || has("Network is unreachable"))
            return InputError{shown_, "", "cannot reach the PostgreSQL server: " + line,
                              "check the URL's host and port, and that the server is running and accepts "
                              "connections from here"};
        if (has("invalid") || has("missing"))
            return InputError{shown_, "", "not a valid PostgreSQL URL: " + line,
                              "postgresql://USER@HOST:PORT/DATABASE, see docs/postgres.md"};
        return InputError{shown_, "", "cannot connect: " + line, "see the server's log for why it refused"};
    }

    /// Runs `sql` with text parameters; an error names the URL and the server's message.
    Outcome<Rows> query(const std::string& sql, const std::vector<std::optional<std::string>>& params = {}) {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
        const Libpq& pq = libpq();
        ResultPtr result(params.empty() ? pq.exec(conn_, sql.c_str())
                                        : pq.exec_params(conn_, sql.c_str(), static_cast<int>(values.size()),
                                                         nullptr, values.data(), nullptr, nullptr, 0));
        ExecStatusType status = result ? pq.result_status(result.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(std::move(result));
        return failure(result.get());
    }

    /// Streams `data` (COPY's text format) into `copy_sql` (a COPY … FROM STDIN).
    std::optional<InputError> copy(const std::string& copy_sql, const std::string& data) {
        const Libpq& pq = libpq();
        ResultPtr start(pq.exec(conn_, copy_sql.c_str()));
        if (!start || pq.result_status(start.get()) != PGRES_COPY_IN) return failure(start.get());
        // libpq takes an int length: large data goes in slices.
        constexpr std::size_t slice = 1 << 20;
        for (std::size_t at = 0; at < data.size(); at += slice) {
            const std::size_t n = std::min(slice, data.size() - at);
            if (pq.put_copy_data(conn_, data.data() + at, static_cast<int>(n)) != 1) return failure(nullptr);
        }
        if (pq.put_copy_end(conn_, nullptr) != 1) return failure(nullptr);
        std::optional<InputError> error;
        while (PGresult* raw = pq.get_result(conn_)) {
            ResultPtr r(raw);
            if (pq.result_status(raw) != PGRES_COMMAND_OK && !error) error = failure(raw);
        }
        return error;
    }

    /// Runs `copy_sql` (a COPY … TO STDOUT) and hands each row's bytes to `row`.
    std::optional<InputError> copy_out(const std::string& copy_sql,
                                       const std::function<void(const char*, std::size_t)>& row) {
        const Libpq& pq = libpq();
        ResultPtr start(pq.exec(conn_, copy_sql.c_str()));
        if (!start || pq.result_status(start.get()) != PGRES_COPY_OUT) return failure(start.get());
        for (;;) {
            char* buffer = nullptr;
            const int n = pq.get_copy_data(conn_, &buffer, 0);
            if (n < 0) {
                if (n == -2) return failure(nullptr);
                break;
            }
            row(buffer, static_cast<std::size_t>(n));
            pq.freemem(buffer);
        }
        std::optional<InputError> error;
        while (PGresult* raw = pq.get_result(conn_)) {
            ResultPtr r(raw);
            if (pq.result_status(raw) != PGRES_COMMAND_OK && !error) error = failure(raw);
        }
        return error;
    }

    /// `text` as an SQL string literal, quoted and escaped for this connection.
    std::string literal(const std::string& text) {
        const Libpq& pq = libpq();
        char* quoted = pq.escape_literal(conn_, text.data(), text.size());
        if (!quoted) return "NULL";
        std::string out = quoted;
        pq.freemem(quoted);
        return out;
    }

    const std::string& shown() const { return shown_; }

private:
    std::string user_phrase() const {
        char* error = nullptr;
        const Libpq& pq = libpq();
        PQconninfoOption* options = pq.conninfo_parse(url_.c_str(), &error);
        if (error) pq.freemem(error);
        std::string user;
        if (options) {
            for (PQconninfoOption* o = options; o->keyword; ++o)
                if (std::string_view(o->keyword) == "user" && o->val) user = o->val;
            pq.conninfo_free(options);
        }
        return user.empty() ? "" : " of user \"" + user + "\"";
    }

    InputError failure(PGresult* result) {
        const Libpq& pq = libpq();
        std::string message = result ? pq.result_error_message(result) : pq.error_message(conn_);
        return InputError{shown_, "", "the database refused a query: " + first_line(scrub(message, url_)),
                          "see the server's log; docs/postgres.md lists what pace needs of the database"};
    }

    PGconn* conn_ = nullptr;
    std::string url_, shown_;
};

// ---- the schema --------------------------------------------------------------------

/// Migration k (1-based) brings the schema from version k-1 to k. Version 1 is
/// pace's first layout; later ones only add, and fill what they add from the
/// result files kept in runs.document, so no run is lost by migrating.
const std::vector<std::string>& migrations() {
    static const std::vector<std::string> steps{
        // 1: runs per machine, numbered; benchmarks by id; a result per run and benchmark.
        R"sql(
CREATE SCHEMA pace;
CREATE TABLE pace.meta (version integer NOT NULL);
INSERT INTO pace.meta VALUES (0);
CREATE TABLE pace.machines (
  id serial PRIMARY KEY,
  machine_id text NOT NULL UNIQUE,
  info text NOT NULL DEFAULT '{}');
CREATE TABLE pace.runs (
  id bigserial PRIMARY KEY,
  machine integer NOT NULL REFERENCES pace.machines (id),
  number integer NOT NULL,
  name text NOT NULL DEFAULT '',
  commit_id text NOT NULL DEFAULT '',
  datetime text NOT NULL DEFAULT '',
  document text NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (machine, number));
CREATE TABLE pace.benchmarks (
  id bigserial PRIMARY KEY,
  fullname text NOT NULL UNIQUE);
CREATE TABLE pace.results (
  run bigint NOT NULL REFERENCES pace.runs (id) ON DELETE CASCADE,
  benchmark bigint NOT NULL REFERENCES pace.benchmarks (id),
  status text NOT NULL,
  median double precision,
  mean double precision,
  min double precision,
  PRIMARY KEY (run, benchmark));
)sql",
        // 2: the other statistics, samples, branches, run sizes, and the
        // digest that makes push idempotent; indexes for names, commits and
        // one benchmark's history.
        R"sql(
ALTER TABLE pace.runs ADD COLUMN branch text NOT NULL DEFAULT '';
ALTER TABLE pace.runs ADD COLUMN benchmark_count integer NOT NULL DEFAULT 0;
ALTER TABLE pace.runs ADD COLUMN digest text;
ALTER TABLE pace.results ADD COLUMN max double precision;
ALTER TABLE pace.results ADD COLUMN stddev double precision;
ALTER TABLE pace.results ADD COLUMN p95 double precision;
ALTER TABLE pace.results ADD COLUMN ops double precision;
ALTER TABLE pace.results ADD COLUMN rounds bigint;
ALTER TABLE pace.results ADD COLUMN iterations bigint;
ALTER TABLE pace.results ADD COLUMN peak bigint;
ALTER TABLE pace.results ADD COLUMN allocated bigint;
ALTER TABLE pace.results ADD COLUMN allocations bigint;
ALTER TABLE pace.results ADD COLUMN instructions double precision;
CREATE TABLE pace.samples (
  run bigint NOT NULL,
  benchmark bigint NOT NULL,
  seconds double precision[] NOT NULL,
  PRIMARY KEY (run, benchmark),
  FOREIGN KEY (run, benchmark) REFERENCES pace.results (run, benchmark) ON DELETE CASCADE);
UPDATE pace.runs SET digest = md5(document),
  branch = coalesce(document::jsonb -> 'commit_info' ->> 'branch', ''),
  benchmark_count = coalesce(jsonb_array_length(document::jsonb -> 'benchmarks'), 0);
ALTER TABLE pace.runs ALTER COLUMN digest SET NOT NULL;
WITH b AS (
  SELECT r.id AS run, e -> 'stats' AS stats, e -> 'memory' AS memory, e -> 'counters' AS counters,
         e ->> 'fullname' AS fullname
  FROM pace.runs r, jsonb_array_elements(r.document::jsonb -> 'benchmarks') e)
UPDATE pace.results res SET
  max = (b.stats ->> 'max')::double precision, stddev = (b.stats ->> 'stddev')::double precision,
  p95 = (b.stats ->> 'p95')::double precision, ops = (b.stats ->> 'ops')::double precision,
  rounds = (b.stats ->> 'rounds')::bigint, iterations = (b.stats ->> 'iterations')::bigint,
  peak = (b.memory ->> 'peak')::bigint, allocated = (b.memory ->> 'allocated')::bigint,
  allocations = (b.memory ->> 'allocations')::bigint,
  instructions = (b.counters ->> 'instructions')::double precision
FROM b JOIN pace.benchmarks bm ON bm.fullname = b.fullname
WHERE res.run = b.run AND res.benchmark = bm.id;
INSERT INTO pace.samples (run, benchmark, seconds)
SELECT b.run, bm.id, ARRAY(SELECT jsonb_array_elements_text(b.stats -> 'data')::double precision)
FROM (SELECT r.id AS run, e -> 'stats' AS stats, e ->> 'fullname' AS fullname
      FROM pace.runs r, jsonb_array_elements(r.document::jsonb -> 'benchmarks') e) b
JOIN pace.benchmarks bm ON bm.fullname = b.fullname
JOIN pace.results res ON res.run = b.run AND res.benchmark = bm.id
WHERE jsonb_typeof(b.stats -> 'data') = 'array'
ON CONFLICT DO NOTHING;
CREATE INDEX runs_by_name ON pace.runs (machine, name, number);
CREATE INDEX runs_by_commit ON pace.runs (machine, commit_id);
CREATE INDEX runs_by_digest ON pace.runs (machine, digest);
CREATE INDEX results_by_benchmark ON pace.results (benchmark, run);
)sql",
        // 3: what history reads without the result files: a run's file
        // without its results, and per result its place in the file, the
        // figures every metric is read from, and what its error needs.
        // Filled from each run's document by fill_version_3.
        R"sql(
ALTER TABLE pace.runs ADD COLUMN head text;
ALTER TABLE pace.results ADD COLUMN position integer;
ALTER TABLE pace.results ADD COLUMN q1 double precision;
ALTER TABLE pace.results ADD COLUMN q3 double precision;
ALTER TABLE pace.results ADD COLUMN iqr double precision;
ALTER TABLE pace.results ADD COLUMN p99 double precision;
ALTER TABLE pace.results ADD COLUMN total double precision;
ALTER TABLE pace.results ADD COLUMN leaked bigint;
ALTER TABLE pace.results ADD COLUMN rss bigint;
ALTER TABLE pace.results ADD COLUMN items_per_second double precision;
ALTER TABLE pace.results ADD COLUMN bytes_per_second double precision;
ALTER TABLE pace.results ADD COLUMN median_ci_low double precision;
ALTER TABLE pace.results ADD COLUMN median_ci_high double precision;
ALTER TABLE pace.results ADD COLUMN processes integer;
ALTER TABLE pace.results ADD COLUMN counters jsonb;
)sql",
        // 4: what history reads: per run, each figure of all its results in
        // one packed block (store/column_block.hpp), a row per run and
        // figure instead of one per result. Stored uncompressed: blocks of
        // doubles hardly compress, and reading them is then a copy.
        // Filled from each run's document by fill_version_4.
        R"sql(
CREATE TABLE pace.run_columns (
  run bigint NOT NULL REFERENCES pace.runs (id) ON DELETE CASCADE,
  name text NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (run, name));
ALTER TABLE pace.run_columns ALTER COLUMN data SET STORAGE EXTERNAL;
)sql",
    };
    return steps;
}

/// What a database holds: no pace schema (0), a version, or a foreign `pace` schema (-1).
Outcome<int> schema_version(Connection& db) {
    auto found = db.query(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pace'), to_regclass('pace.meta') IS NOT NULL");
    if (!found) return found.error();
    if (found->text(0, 0) != "t") return 0;
    if (found->text(0, 1) != "t") return -1;
    auto version = db.query("SELECT max(version) FROM pace.meta");
    if (!version) return version.error();
    if (version->null(0, 0)) return -1;
    return static_cast<int>(version->integer(0, 0));
}

InputError foreign_schema(const Connection& db) {
    return InputError{db.shown(), "", "the schema \"pace\" in this database is not a pace store (no pace.meta table)",
                      "give pace a database of its own (createdb pace_results), then pace store init URL"};
}

InputError newer_schema(const Connection& db, int version) {
    return InputError{db.shown(), "",
                      fmt::format("the pace store is at schema version {}, newer than this pace's ({})", version,
                                  database_schema_version),
                      "use the pace that migrated it, or a newer one"};
}

/// Connects and checks the schema is this pace's version: the start of every
/// read and write.
std::optional<InputError> open_current(Connection& db, const std::string& url) {
    if (auto e = db.open(url)) return e;
    auto version = schema_version(db);
    if (!version) return version.error();
    if (*version == database_schema_version) return std::nullopt;
    if (*version == 0)
        return InputError{db.shown(), "", "no pace store in this database (no schema \"pace\")",
                          "create one with: pace store init " + db.shown()};
    if (*version < 0) return foreign_schema(db);
    if (*version > database_schema_version) return newer_schema(db, *version);
    return InputError{db.shown(), "",
                      fmt::format("the pace store is at schema version {}, older than this pace's ({})", *version,
                                  database_schema_version),
                      "bring it up to date with: pace store migrate " + db.shown()};
}

std::optional<InputError> fill_version_3(Connection& db);
std::optional<InputError> fill_version_4(Connection& db);

/// Applies the migrations after `from`, in one transaction.
Outcome<SchemaChange> apply_migrations(Connection& db, int from) {
    if (auto begun = db.query("BEGIN"); !begun) return begun.error();
    // Two migrating processes: the second waits here, then finds nothing to do.
    if (auto locked = db.query("SELECT pg_advisory_xact_lock(1885430629, 0)"); !locked) return locked.error();
    auto now = schema_version(db);
    if (!now) return now.error();
    if (*now < 0) return foreign_schema(db);
    if (*now > database_schema_version) return newer_schema(db, *now);
    from = *now;
    for (int v = from; v < database_schema_version; ++v) {
        if (auto step = db.query(migrations()[static_cast<std::size_t>(v)]); !step) return step.error();
        if (v + 1 == 3)
            if (auto e = fill_version_3(db)) return *e;
        if (v + 1 == 4)
            if (auto e = fill_version_4(db)) return *e;
        if (auto mark = db.query("UPDATE pace.meta SET version = " + std::to_string(v + 1)); !mark)
            return mark.error();
    }
    if (auto done = db.query("COMMIT"); !done) return done.error();
    return SchemaChange{from, database_schema_version};
}

// ---- writing runs --------------------------------------------------------------------

/// A double as PostgreSQL reads it back exactly: the shortest text that
/// round-trips, and the spellings it has for the special values.
std::string number_text(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
    return fmt::format("{}", value);
}

/// COPY's text format: `\N` for NULL, and backslash, tab and line breaks escaped.
std::string copy_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
    return out;
}

template <class T>
std::string copy_value(const std::optional<T>& value) {
    if (!value) return "\\N";
    if constexpr (std::is_floating_point_v<T>) return number_text(*value);
    else return std::to_string(*value);
}

/// A text[] literal, every element quoted: names hold anything.
std::string text_array(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i ? ",\"" : "\"";
        for (char c : items[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

/// The first 12 characters of a commit id, lower case, as file names carry it.
std::string short_commit(const std::string& id) {
    std::string out;
    for (char c : id) {
        if (out.size() == 12) break;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) out += c;
        else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string locator(const std::string& shown, const std::string& machine_id, long long number,
                    const std::string& name) {
    return fmt::format("{}#{}/{:04d}{}", shown, machine_id, number, name.empty() ? "" : "_" + name);
}

/// The results in the order a reader of the run's file gives them: those
/// with time figures (the file's `benchmarks`), then the others
/// (`pace.unmeasured`), each kept in its order. Saved runs number their
/// results so, whether they come from a file or from memory.
std::vector<const Result*> file_order(const Run& run) {
    std::vector<const Result*> out;
    out.reserve(run.results.size());
    for (const Result& r : run.results)
        if (r.time) out.push_back(&r);
    for (const Result& r : run.results)
        if (!r.time) out.push_back(&r);
    return out;
}

/// The run's file without its results: what history needs of a run (its
/// commit, machine, date, source), read back by the same reader.
std::string head_of(const Run& run) {
    Run head;
    head.machine = run.machine;
    head.commit = run.commit;
    head.datetime = run.datetime;
    head.producer = run.producer;
    head.producer_version = run.producer_version;
    head.mode = run.mode;
    head.options = run.options;
    head.source = run.source;
    return to_json_text(head);
}

/// The columns of a results row that version 3 added, in COPY's text
/// format: the result's place in its file, the statistics and memory
/// figures without a column before, the rates as pace::metric gives them,
/// the median's interval, the processes, and the counters (a JSON object).
std::string figures_columns(const Result& r, int position) {
    std::optional<double> q1, q3, iqr, p99, total, ci_low, ci_high;
    std::optional<std::int64_t> leaked, rss, processes;
    if (r.time) {
        q1 = r.time->q1, q3 = r.time->q3, iqr = r.time->iqr, p99 = r.time->p99, total = r.time->total;
        ci_low = r.time->median_ci_low, ci_high = r.time->median_ci_high;
        processes = static_cast<std::int64_t>(r.time->processes());
    }
    if (r.memory) {
        leaked = r.memory->leaked;
        rss = r.memory->rss;
    }
    std::string counters = "\\N";
    if (!r.counters.empty()) {
        Json object = Json::object();
        for (const auto& [name, value] : r.counters) object[name] = value;
        counters = copy_text(object.dump());
    }
    return fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", position, copy_value(q1),
                       copy_value(q3), copy_value(iqr), copy_value(p99), copy_value(total), copy_value(leaked),
                       copy_value(rss), copy_value(metric(r, "items_per_second")),
                       copy_value(metric(r, "bytes_per_second")), copy_value(ci_low), copy_value(ci_high),
                       copy_value(processes), counters);
}

/// The column names figures_columns fills, in its order.
constexpr const char* figures_column_names =
    "position, q1, q3, iqr, p99, total, leaked, rss, items_per_second, bytes_per_second, median_ci_low, "
    "median_ci_high, processes, counters";

/// Migration 3's data: each run's head, and its results' new columns, from
/// the result file the run keeps. A file that cannot be read keeps itself as
/// its head, so history reports it as it did.
std::optional<InputError> fill_version_3(Connection& db) {
    if (auto made = db.query(fmt::format("CREATE TEMPORARY TABLE pace_fill (run bigint, fullname text, {}) ON COMMIT "
                                         "DROP",
                                         "position integer, q1 double precision, q3 double precision, iqr double "
                                         "precision, p99 double precision, total double precision, leaked bigint, "
                                         "rss bigint, items_per_second double precision, bytes_per_second double "
                                         "precision, median_ci_low double precision, median_ci_high double "
                                         "precision, processes integer, counters jsonb"));
        !made)
        return made.error();
    std::string last = "0";
    for (;;) {
        // A few runs at a time: a large store's files are never all in memory.
        auto batch = db.query("SELECT id, document FROM pace.runs WHERE id > $1 ORDER BY id LIMIT 16", {last});
        if (!batch) return batch.error();
        if (batch->size() == 0) break;
        std::string rows;
        for (int i = 0; i < batch->size(); ++i) {
            const std::string key = batch->text(i, 0);
            const std::string document = batch->text(i, 1);
            last = key;
            Json json = Json::parse(document, nullptr, false);
            Outcome<Run> run = json.is_discarded() ? Outcome<Run>(InputError{}) : run_from_json(json, "");
            const std::string head = run ? head_of(*run) : document;
            if (auto set = db.query("UPDATE pace.runs SET head = $2 WHERE id = $1", {key, head}); !set)
                return set.error();
            if (!run) continue;
            std::set<std::string> written;
            int position = 0;
            for (const Result* r : file_order(*run)) {
                if (written.insert(r->id).second)
                    rows += key + "\t" + copy_text(r->id) + "\t" + figures_columns(*r, position) + "\n";
                ++position;
            }
        }
        if (!rows.empty())
            if (auto e = db.copy(fmt::format("COPY pace_fill (run, fullname, {}) FROM STDIN", figures_column_names),
                                 rows))
                return e;
    }
    auto filled = db.query(
        "UPDATE pace.results res SET position = f.position, q1 = f.q1, q3 = f.q3, iqr = f.iqr, p99 = f.p99, "
        "total = f.total, leaked = f.leaked, rss = f.rss, items_per_second = f.items_per_second, "
        "bytes_per_second = f.bytes_per_second, median_ci_low = f.median_ci_low, median_ci_high = f.median_ci_high, "
        "processes = f.processes, counters = f.counters "
        "FROM pace_fill f JOIN pace.benchmarks b ON b.fullname = f.fullname "
        "WHERE res.run = f.run AND res.benchmark = b.id");
    if (!filled) return filled.error();
    if (auto done = db.query("ALTER TABLE pace.runs ALTER COLUMN head SET NOT NULL"); !done) return done.error();
    return std::nullopt;
}

/// The keys of the benchmarks `run` names (fullname -> id, as text),
/// inserting the names the database does not hold yet.
Outcome<std::map<std::string, std::string>> benchmark_keys(Connection& db, const Run& run) {
    std::vector<std::string> names;
    names.reserve(run.results.size());
    for (const Result& r : run.results) names.push_back(r.id);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::map<std::string, std::string> out;
    if (names.empty()) return out;
    // Sorted, so writers adding the same new names take their row locks in one order.
    const std::string array = text_array(names);
    if (auto added = db.query("INSERT INTO pace.benchmarks (fullname) SELECT n FROM unnest($1::text[]) n ORDER "
                              "BY n ON CONFLICT (fullname) DO NOTHING",
                              {array});
        !added)
        return added.error();
    auto keys = db.query("SELECT id, fullname FROM pace.benchmarks WHERE fullname = ANY($1::text[])", {array});
    if (!keys) return keys.error();
    for (int i = 0; i < keys->size(); ++i) out[keys->text(i, 1)] = keys->text(i, 0);
    return out;
}

// The blocks of a run in pace.run_columns (docs/postgres.md): what the
// history of one result needs besides its value, and then the values, each
// figure pace::metric reads apart and each counter apart, so that a counter
// named like a figure stays told apart (history::metric_error asks).
constexpr std::string_view block_benchmark = "result:benchmark";   // int64: the benchmark's key
constexpr std::string_view block_position = "result:position";     // int64: its place in the run's file
constexpr std::string_view block_ok = "result:ok";                 // int64: 1 when its status is "ok", else 0
constexpr std::string_view block_rounds = "result:rounds";         // int64: present when it has time figures
constexpr std::string_view block_processes = "result:processes";   // int64
constexpr std::string_view block_stddev = "result:stddev";         // float64
constexpr std::string_view block_ci_low = "result:median_ci_low";  // float64
constexpr std::string_view block_ci_high = "result:median_ci_high";  // float64
constexpr std::string_view metric_prefix = "metric:";   // float64: pace::metric of a built-in figure
constexpr std::string_view counter_prefix = "counter:";  // float64: a counter

/// The block holding `metric`'s values: a built-in figure pace::metric reads
/// (falling back to the counter of its name, as it does), else the counter.
std::string value_block(const std::string& metric) {
    const std::string name = metric == "time" ? "median" : metric;
    const MetricInfo* info = find_metric_info(name);
    return std::string(info && info->read ? metric_prefix : counter_prefix) + name;
}

/// The rows of `run`'s blocks for pace.run_columns, in COPY's text format.
/// A block's element i is the run's i-th result of the results table: in
/// file order, the first of a duplicated id. A figure no result carries has
/// no block.
std::string column_rows(const std::string& run_key, const Run& run,
                        const std::map<std::string, std::string>& benchmark_key) {
    std::vector<std::pair<const Result*, int>> kept;  // the result and its position
    std::set<std::string_view> seen;
    int position = -1;
    for (const Result* r : file_order(run)) {
        ++position;
        if (seen.insert(r->id).second) kept.emplace_back(r, position);
    }
    const std::size_t n = kept.size();
    ColumnBlockWriter benchmark(BlockType::int64, n), positions(BlockType::int64, n), ok(BlockType::int64, n),
        rounds(BlockType::int64, n), processes(BlockType::int64, n), stddev(BlockType::float64, n),
        ci_low(BlockType::float64, n), ci_high(BlockType::float64, n);
    for (std::size_t i = 0; i < n; ++i) {
        const Result& r = *kept[i].first;
        if (auto key = benchmark_key.find(r.id); key != benchmark_key.end())
            benchmark.set_integer(i, std::stoll(key->second));
        positions.set_integer(i, kept[i].second);
        ok.set_integer(i, r.status == Status::ok ? 1 : 0);
        if (!r.time) continue;
        rounds.set_integer(i, r.time->rounds);
        processes.set_integer(i, static_cast<std::int64_t>(r.time->processes()));
        if (r.time->stddev) stddev.set_real(i, *r.time->stddev);
        if (r.time->median_ci_low) ci_low.set_real(i, *r.time->median_ci_low);
        if (r.time->median_ci_high) ci_high.set_real(i, *r.time->median_ci_high);
    }
    std::vector<std::pair<std::string, ColumnBlockWriter>> blocks;
    blocks.emplace_back(block_benchmark, std::move(benchmark));
    blocks.emplace_back(block_position, std::move(positions));
    blocks.emplace_back(block_ok, std::move(ok));
    blocks.emplace_back(block_rounds, std::move(rounds));
    blocks.emplace_back(block_processes, std::move(processes));
    blocks.emplace_back(block_stddev, std::move(stddev));
    blocks.emplace_back(block_ci_low, std::move(ci_low));
    blocks.emplace_back(block_ci_high, std::move(ci_high));
    for (const MetricInfo& info : metric_infos()) {
        if (!info.read || info.name == "time") continue;  // "time" is the median's block
        ColumnBlockWriter values(BlockType::float64, n);
        for (std::size_t i = 0; i < n; ++i)
            if (const auto v = metric(*kept[i].first, info.name)) values.set_real(i, *v);
        if (values.any()) blocks.emplace_back(std::string(metric_prefix) + std::string(info.name), std::move(values));
    }
    std::map<std::string, ColumnBlockWriter> counters;
    for (std::size_t i = 0; i < n; ++i)
        for (const auto& [name, value] : kept[i].first->counters)
            counters.try_emplace(std::string(name), BlockType::float64, n).first->second.set_real(i, value);
    for (auto& [name, values] : counters) blocks.emplace_back(std::string(counter_prefix) + name, std::move(values));

    std::size_t size = 0;
    for (const auto& b : blocks) size += run_key.size() + b.first.size() + 2 * b.second.bytes().size() + 8;
    std::string out;
    out.reserve(size);
    static constexpr char hex[] = "0123456789abcdef";
    for (const auto& [name, values] : blocks) {
        out += run_key;
        out += '\t';
        out += copy_text(name);
        out += "\t\\\\x";  // bytea's hex form, its backslash escaped for COPY
        for (const char c : values.bytes()) {
            const auto byte = static_cast<unsigned char>(c);
            out += hex[byte >> 4];
            out += hex[byte & 0xFU];
        }
        out += '\n';
    }
    return out;
}

/// Migration 4's data: each run's blocks, from the result file the run
/// keeps. A file that cannot be read gives a run of no results, as its
/// history shows it (it is skipped there).
std::optional<InputError> fill_version_4(Connection& db) {
    std::string last = "0";
    for (;;) {
        // A few runs at a time: a large store's files are never all in memory.
        auto batch = db.query("SELECT id, document FROM pace.runs WHERE id > $1 ORDER BY id LIMIT 8", {last});
        if (!batch) return batch.error();
        if (batch->size() == 0) break;
        std::string rows;
        for (int i = 0; i < batch->size(); ++i) {
            last = batch->text(i, 0);
            Json json = Json::parse(batch->text(i, 1), nullptr, false);
            Outcome<Run> run = json.is_discarded() ? Outcome<Run>(InputError{}) : run_from_json(json, "");
            if (!run) {
                rows += column_rows(last, Run{}, {});
                continue;
            }
            auto keys = benchmark_keys(db, *run);
            if (!keys) return keys.error();
            rows += column_rows(last, *run, *keys);
        }
        if (auto e = db.copy("COPY pace.run_columns (run, name, data) FROM STDIN", rows)) return e;
    }
    return std::nullopt;
}

/// Writes one run in the transaction the caller began: the machine, a number
/// under the machine's advisory lock, the run with its whole result file,
/// the benchmarks it names, a row of results per benchmark and its samples.
/// With `skip_present`, a run whose file the machine already holds is not
/// written again (returns ""). Returns the locator.
Outcome<std::string> write_run(Connection& db, const Run& run, const std::string& document, const std::string& name,
                               const std::string& machine_id, bool skip_present) {
    const Json machine_info = to_json(run)["machine_info"];
    auto machine = db.query(
        "INSERT INTO pace.machines (machine_id, info) VALUES ($1, $2) "
        "ON CONFLICT (machine_id) DO UPDATE SET info = EXCLUDED.info RETURNING id",
        {machine_id, machine_info.dump()});
    if (!machine) return machine.error();
    const std::string machine_key = machine->text(0, 0);
    // One writer per machine at a time from here to COMMIT: the number it
    // takes is the highest plus one, which no other writer can take
    // meanwhile. The lock goes with the transaction, also when the writer dies.
    if (auto locked = db.query("SELECT pg_advisory_xact_lock(1885430629, $1::integer)", {machine_key}); !locked)
        return locked.error();
    if (skip_present) {
        auto present =
            db.query("SELECT 1 FROM pace.runs WHERE machine = $1 AND digest = md5($2)", {machine_key, document});
        if (!present) return present.error();
        if (present->size() > 0) return std::string();
    }
    auto next = db.query("SELECT coalesce(max(number), 0) + 1 FROM pace.runs WHERE machine = $1", {machine_key});
    if (!next) return next.error();
    const long long number = next->integer(0, 0);
    auto inserted = db.query(
        "INSERT INTO pace.runs (machine, number, name, commit_id, branch, datetime, benchmark_count, document, digest, "
        "head) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, md5($8), $9) RETURNING id",
        {machine_key, std::to_string(number), name, run.commit.id, run.commit.branch, run.datetime,
         std::to_string(run.results.size()), document, head_of(run)});
    if (!inserted) return inserted.error();
    const std::string run_key = inserted->text(0, 0);

    auto keys = benchmark_keys(db, run);
    if (!keys) return keys.error();
    std::map<std::string, std::string>& benchmark_key = *keys;

    std::string results, samples;
    std::set<std::string> written;  // the file keeps a duplicated id; the table keeps its first
    int position = -1;
    for (const Result* result : file_order(run)) {
        const Result& r = *result;
        ++position;
        if (!written.insert(r.id).second) continue;
        const std::string& key = benchmark_key[r.id];
        std::optional<double> median, mean, min, max, stddev, p95, ops, instructions;
        std::optional<std::int64_t> rounds, iterations, peak, allocated, allocations;
        if (r.time) {
            median = r.time->median, mean = r.time->mean, min = r.time->min, max = r.time->max;
            stddev = r.time->stddev, p95 = r.time->p95, ops = r.time->ops;
            rounds = r.time->rounds, iterations = r.time->iterations;
        }
        if (r.memory) peak = r.memory->peak, allocated = r.memory->allocated, allocations = r.memory->allocations;
        if (auto it = r.counters.find("instructions"); it != r.counters.end()) instructions = it->second;
        results += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", run_key, key,
                               copy_text(to_string(r.status)), copy_value(median), copy_value(mean), copy_value(min),
                               copy_value(max), copy_value(stddev), copy_value(p95), copy_value(ops),
                               copy_value(rounds), copy_value(iterations), copy_value(peak), copy_value(allocated),
                               copy_value(allocations), copy_value(instructions), figures_columns(r, position));
        if (r.time && !r.time->samples.empty()) {
            samples += run_key + "\t" + key + "\t{";
            for (std::size_t i = 0; i < r.time->samples.size(); ++i)
                samples += (i ? "," : "") + number_text(r.time->samples[i]);
            samples += "}\n";
        }
    }
    if (!results.empty()) {
        if (auto e = db.copy(fmt::format("COPY pace.results (run, benchmark, status, median, mean, min, max, stddev, "
                                         "p95, ops, rounds, iterations, peak, allocated, allocations, instructions, "
                                         "{}) FROM STDIN",
                                         figures_column_names),
                             results))
            return *e;
    }
    if (!samples.empty()) {
        if (auto e = db.copy("COPY pace.samples (run, benchmark, seconds) FROM STDIN", samples)) return *e;
    }
    if (auto e = db.copy("COPY pace.run_columns (run, name, data) FROM STDIN", column_rows(run_key, run, benchmark_key)))
        return *e;
    return locator(db.shown(), machine_id, number, name);
}

/// (machine id, number) of a locator.
std::optional<std::pair<std::string, int>> parse_locator(const std::string& text) {
    if (!is_database_url(text)) return std::nullopt;
    const std::size_t hash = text.rfind('#');
    if (hash == std::string::npos) return std::nullopt;
    const std::string fragment = text.substr(hash + 1);
    const std::size_t slash = fragment.rfind('/');
    if (slash == std::string::npos || slash == 0) return std::nullopt;
    std::size_t digits = slash + 1;
    while (digits < fragment.size() && fragment[digits] >= '0' && fragment[digits] <= '9') ++digits;
    if (digits == slash + 1 || digits - slash - 1 > 9) return std::nullopt;
    return std::pair{fragment.substr(0, slash), std::stoi(fragment.substr(slash + 1, digits - slash - 1))};
}

}  // namespace

bool is_database_url(const std::string& location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string mask_password(const std::string& url) {
    std::string out = url;
    // user:password@ in the authority part (before the first '/' after "://").
    const std::size_t scheme = out.find("://");
    if (scheme != std::string::npos) {
        const std::size_t start = scheme + 3;
        std::size_t end = out.find_first_of("/?#", start);
        if (end == std::string::npos) end = out.size();
        const std::size_t at = out.rfind('@', end);
        if (at != std::string::npos && at >= start) {
            const std::size_t colon = out.find(':', start);
            if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // password=... as a query parameter or a key=value pair.
    for (std::size_t at = 0; (at = out.find("password=", at)) != std::string::npos;) {
        const bool starts_key = at == 0 || out[at - 1] == '?' || out[at - 1] == '&' || out[at - 1] == ' ';
        at += 9;
        if (!starts_key) continue;
        std::size_t end = out.find_first_of("& #", at);
        if (end == std::string::npos) end = out.size();
        out.replace(at, end - at, "***");
    }
    return out;
}

std::optional<InputError> check_database(const std::string& url) {
    Connection db;
    return open_current(db, url);
}

bool is_database_locator(const std::string& text) { return parse_locator(text).has_value(); }

Outcome<SchemaChange> init_database(const std::string& url) {
    Connection db;
    if (auto e = db.open(url)) return *e;
    auto version = schema_version(db);
    if (!version) return version.error();
    if (*version < 0) return foreign_schema(db);
    if (*version > database_schema_version) return newer_schema(db, *version);
    if (*version > 0 && *version < database_schema_version)
        return InputError{db.shown(), "",
                          fmt::format("the database already holds a pace store, at schema version {}", *version),
                          "bring it up to date with: pace store migrate " + db.shown()};
    if (*version == database_schema_version) return SchemaChange{*version, *version};
    return apply_migrations(db, 0);
}

Outcome<SchemaChange> migrate_database(const std::string& url) {
    Connection db;
    if (auto e = db.open(url)) return *e;
    auto version = schema_version(db);
    if (!version) return version.error();
    if (*version == 0)
        return InputError{db.shown(), "", "no pace store in this database (no schema \"pace\") to migrate",
                          "create one with: pace store init " + db.shown()};
    if (*version < 0) return foreign_schema(db);
    if (*version > database_schema_version) return newer_schema(db, *version);
    if (*version == database_schema_version) return SchemaChange{*version, *version};
    return apply_migrations(db, *version);
}

Outcome<std::string> save_run_to_database(const std::string& url, const Run& run, const std::string& name) {
    Outcome<std::string> safe_name = save_name(name);
    if (!safe_name) return safe_name.error();
    const std::string document = to_json_text(run);  // before connecting: the transaction stays short
    Connection db;
    if (auto e = open_current(db, url)) return *e;
    if (auto begun = db.query("BEGIN"); !begun) return begun.error();
    auto saved = write_run(db, run, document, *safe_name, run.machine.id(), false);
    if (!saved) return saved.error();  // closing the connection rolls the transaction back
    if (auto done = db.query("COMMIT"); !done) return done.error();
    return saved;
}

Outcome<std::vector<SavedRun>> list_database_runs(const std::string& url, const std::string& machine_id) {
    Connection db;
    if (auto e = open_current(db, url)) return *e;
    auto rows = db.query(
        "SELECT m.machine_id, r.number, r.name, r.commit_id, r.datetime, r.benchmark_count "
        "FROM pace.runs r JOIN pace.machines m ON m.id = r.machine "
        "WHERE $1 = '' OR m.machine_id = $1 ORDER BY m.machine_id, r.number",
        {machine_id});
    if (!rows) return rows.error();
    std::vector<SavedRun> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
        SavedRun run;
        run.machine_id = rows->text(i, 0);
        run.number = static_cast<int>(rows->integer(i, 1));
        run.name = rows->text(i, 2);
        run.commit = short_commit(rows->text(i, 3));
        // Producers write UTC; the listing shows it to the second, as file names do.
        std::string datetime = rows->text(i, 4);
        run.datetime = datetime.size() >= 19 ? datetime.substr(0, 19) + "Z" : datetime;
        run.benchmarks = static_cast<std::size_t>(rows->integer(i, 5));
        run.path = locator(db.shown(), run.machine_id, run.number, run.name);
        out.push_back(std::move(run));
    }
    return out;
}

Outcome<std::string> resolve_database_reference(const std::string& url, const std::string& reference,
                                                const std::string& machine_id) {
    if (parse_locator(reference)) return reference;
    auto runs = list_database_runs(url, machine_id);
    if (!runs) return runs.error();
    const std::string shown = mask_password(url);
    if (runs->empty()) {
        std::string scope = machine_id.empty() ? "" : fmt::format(" for this machine ({})", machine_id);
        return InputError{reference, "", fmt::format("no such file, and no saved runs{} in {}", scope, shown),
                          "save runs with a benchmark binary's --save NAME or --autosave and --store URL; `pace "
                          "list --all --store URL` shows every machine's"};
    }
    auto picked = pick_saved_run(*runs, reference, machine_id, shown);
    if (!picked) return picked.error();
    return picked->path;
}

Outcome<std::vector<std::string>> load_database_runs(const std::string& url, const std::vector<std::string>& locators) {
    std::vector<std::string> machines, numbers;
    for (const std::string& text : locators) {
        auto parsed = parse_locator(text);
        if (!parsed) return InputError{text, "", "not a saved run of a database", reference_grammar_hint()};
        machines.push_back(parsed->first);
        numbers.push_back(std::to_string(parsed->second));
    }
    Connection db;
    if (auto e = open_current(db, url)) return *e;
    auto rows = db.query(
        "SELECT k.i, r.document FROM unnest($1::text[], $2::integer[]) WITH ORDINALITY AS k(machine_id, number, i) "
        "JOIN pace.machines m ON m.machine_id = k.machine_id "
        "JOIN pace.runs r ON r.machine = m.id AND r.number = k.number ORDER BY k.i",
        {text_array(machines), "{" + [&] {
             std::string joined;
             for (const std::string& n : numbers) joined += (joined.empty() ? "" : ",") + n;
             return joined;
         }() + "}"});
    if (!rows) return rows.error();
    std::vector<std::string> out(locators.size());
    std::vector<bool> found(locators.size(), false);
    for (int i = 0; i < rows->size(); ++i) {
        const auto at = static_cast<std::size_t>(rows->integer(i, 0) - 1);
        out[at] = rows->text(i, 1);
        found[at] = true;
    }
    for (std::size_t i = 0; i < locators.size(); ++i)
        if (!found[i]) return InputError{locators[i], "", "no such run in the database", reference_grammar_hint()};
    return out;
}

Outcome<std::string> load_database_run(const std::string& url, const std::string& locator_text) {
    auto documents = load_database_runs(url, {locator_text});
    if (!documents) return documents.error();
    return std::move(documents->front());
}

namespace {

/// Reads big-endian fields of a binary COPY row in turn.
class BinaryRow {
public:
    BinaryRow(const char* data, std::size_t size) : at_(data), end_(data + size) {}
    bool ok() const { return ok_; }
    std::int64_t integer(std::size_t bytes) {
        std::uint64_t v = 0;
        const char* from = at_;
        if (bytes > 8 || !take(bytes)) return ok_ = false, 0;
        for (std::size_t i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(from[i]);
        if (bytes > 0 && bytes < 8 && (v >> (bytes * 8 - 1)) & 1) v |= ~std::uint64_t{0} << (bytes * 8);  // sign
        return static_cast<std::int64_t>(v);
    }
    /// A field: its length (-1 for NULL) and then its bytes.
    std::optional<std::int64_t> field_integer() {
        const std::int64_t n = integer(4);
        if (n < 0) return std::nullopt;
        return integer(static_cast<std::size_t>(n));
    }
    std::optional<double> field_double() {
        const std::int64_t n = integer(4);
        if (n < 0) return std::nullopt;
        if (n != 8) return ok_ = false, std::nullopt;
        const auto bits = static_cast<std::uint64_t>(integer(8));
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    /// A field's bytes (nullopt for NULL).
    std::optional<std::string_view> field_bytes() {
        const std::int64_t n = integer(4);
        if (n < 0) return std::nullopt;
        const char* from = at_;
        if (!take(static_cast<std::size_t>(n))) return std::nullopt;
        return std::string_view(from, static_cast<std::size_t>(n));
    }
    void skip(std::size_t bytes) { take(bytes); }
    std::size_t left() const { return static_cast<std::size_t>(end_ - at_); }

private:
    bool take(std::size_t bytes) {
        if (!ok_ || left() < bytes) return ok_ = false;
        at_ += bytes;
        return true;
    }
    const char* at_;
    const char* end_;
    bool ok_ = true;
};

}  // namespace

Outcome<DatabaseHistory> read_database_history(
    const std::string& url, const std::string& machine_id, const std::vector<std::string>& metrics,
    const std::function<void(const DatabaseHistory&, const StoredValue&)>& visit) {
    if (metrics.empty() || metrics.size() > 2)
        return InputError{"", "", "read_database_history reads one or two metrics", ""};
    Connection db;
    if (auto e = open_current(db, url)) return *e;
    // One snapshot for the runs, the names and the values.
    if (auto begun = db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !begun) return begun.error();
    auto rows = db.query(
        "SELECT r.id, r.number, r.name, r.commit_id, r.datetime, r.benchmark_count, r.head "
        "FROM pace.runs r JOIN pace.machines m ON m.id = r.machine WHERE m.machine_id = $1 ORDER BY r.number",
        {machine_id});
    if (!rows) return rows.error();
    DatabaseHistory out;
    std::unordered_map<std::int64_t, std::size_t> run_index;
    std::string keys = "{";
    for (int i = 0; i < rows->size(); ++i) {
        SavedRun run;
        run.machine_id = machine_id;
        run.number = static_cast<int>(rows->integer(i, 1));
        run.name = rows->text(i, 2);
        run.commit = short_commit(rows->text(i, 3));
        const std::string datetime = rows->text(i, 4);
        run.datetime = datetime.size() >= 19 ? datetime.substr(0, 19) + "Z" : datetime;
        run.benchmarks = static_cast<std::size_t>(rows->integer(i, 5));
        run.path = locator(db.shown(), machine_id, run.number, run.name);
        run_index[rows->integer(i, 0)] = out.runs.size();
        keys += (i ? "," : "") + rows->text(i, 0);
        out.runs.push_back(std::move(run));
        out.heads.push_back(rows->text(i, 6));
    }
    keys += "}";
    if (out.runs.empty()) return out;
    // The names: the dictionary of every benchmark, small beside the results.
    auto names = db.query("SELECT id, fullname FROM pace.benchmarks");
    if (!names) return names.error();
    for (int i = 0; i < names->size(); ++i) out.names.emplace(names->integer(i, 0), names->text(i, 1));

    // The blocks read: what every value needs, then per metric its values
    // and its counter (whose presence history::metric_error asks).
    const std::vector<std::string_view> fixed{block_benchmark, block_position, block_ok,     block_rounds,
                                              block_processes, block_stddev,   block_ci_low, block_ci_high};
    std::vector<std::string> wanted(fixed.begin(), fixed.end());
    std::string value_names[2], counter_names[2];
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        value_names[m] = value_block(metrics[m]);
        counter_names[m] = std::string(counter_prefix) + (metrics[m] == "time" ? "median" : metrics[m]);
        wanted.push_back(value_names[m]);
        wanted.push_back(counter_names[m]);
    }
    // A run at a time, in the order of the key (run, name): a run's blocks
    // come together, and one run's are in memory at once.
    const std::string sql = fmt::format(
        "COPY (SELECT run, name, data FROM pace.run_columns WHERE run = ANY({}::bigint[]) AND name = ANY({}::text[]) "
        "ORDER BY run, name) TO STDOUT (FORMAT binary)",
        db.literal(keys), db.literal(text_array(wanted)));
    std::int64_t current = -1;
    std::map<std::string, std::string, std::less<>> blocks;  // the current run's, by name
    std::size_t runs_seen = 0;
    std::optional<InputError> bad;
    StoredValue value;
    // The values of the run whose blocks were gathered, handed to `visit`.
    auto flush = [&]() {
        if (current < 0 || bad) return;
        const auto found = run_index.find(current);
        if (found == run_index.end()) return;
        ++runs_seen;
        const SavedRun& run = out.runs[found->second];
        auto damaged = [&](std::string_view name, const std::string& why) {
            bad = InputError{db.shown(), "",
                             fmt::format("run {:04d} of {}: its column '{}' in pace.run_columns is not pace's: {}",
                                         run.number, machine_id, name, why),
                             "the table holds what pace wrote with each run (docs/postgres.md, \"Schema\"); "
                             "something else changed it"};
        };
        auto block_of = [&](std::string_view name) -> const std::string* {
            auto it = blocks.find(name);
            return it == blocks.end() ? nullptr : &it->second;
        };
        const std::string* benchmarks = block_of(block_benchmark);
        if (!benchmarks) return damaged(block_benchmark, "missing");
        const auto count = ColumnBlockView::count_of(*benchmarks);
        if (!count) return damaged(block_benchmark, fmt::format("{} bytes, shorter than a block", benchmarks->size()));
        std::string why;
        auto open = [&](std::string_view name, BlockType type, bool required) -> std::optional<ColumnBlockView> {
            const std::string* bytes = block_of(name);
            if (!bytes) {
                if (required) damaged(name, "missing");
                return std::nullopt;
            }
            auto view = ColumnBlockView::open(*bytes, type, *count, &why);
            if (!view) damaged(name, why);
            return view;
        };
        const auto benchmark = open(block_benchmark, BlockType::int64, true);
        const auto position = open(block_position, BlockType::int64, true);
        const auto ok = open(block_ok, BlockType::int64, true);
        const auto rounds = open(block_rounds, BlockType::int64, true);
        const auto processes = open(block_processes, BlockType::int64, true);
        const auto stddev = open(block_stddev, BlockType::float64, true);
        const auto ci_low = open(block_ci_low, BlockType::float64, true);
        const auto ci_high = open(block_ci_high, BlockType::float64, true);
        std::optional<ColumnBlockView> values[2], counters[2];
        for (std::size_t m = 0; m < metrics.size(); ++m) {
            values[m] = open(value_names[m], BlockType::float64, false);
            counters[m] = value_names[m] == counter_names[m] ? values[m]
                                                              : open(counter_names[m], BlockType::float64, false);
        }
        if (bad) return;
        value.run = found->second;
        for (std::size_t i = 0; i < *count; ++i) {
            bool any = false;
            for (std::size_t m = 0; m < 2; ++m) {
                value.present[m] = values[m] && values[m]->present(i);
                value.values[m] = value.present[m] ? values[m]->real(i) : 0;
                value.counter[m] = counters[m] && counters[m]->present(i);
                any = any || value.present[m];
            }
            if (!any || !benchmark->present(i)) continue;
            value.benchmark = benchmark->integer(i);
            value.position = static_cast<int>(position->integer(i));
            value.ok = ok->integer(i) == 1;
            value.has_time = rounds->present(i);
            value.rounds = rounds->integer(i);
            value.processes = processes->present(i) ? processes->integer(i) : 1;
            value.stddev = stddev->present(i) ? std::optional(stddev->real(i)) : std::nullopt;
            value.median_ci_low = ci_low->present(i) ? std::optional(ci_low->real(i)) : std::nullopt;
            value.median_ci_high = ci_high->present(i) ? std::optional(ci_high->real(i)) : std::nullopt;
            visit(out, value);
        }
    };
    bool header = true, broken = false;
    auto error = db.copy_out(sql, [&](const char* data, std::size_t size) {
        BinaryRow row(data, size);
        if (header) {
            // PGCOPY\n\377\r\n\0, flags, the header extension's length and bytes.
            row.skip(15);
            row.skip(static_cast<std::size_t>(row.integer(4)));
            header = false;
        }
        while (row.ok() && row.left() >= 2) {
            const std::int64_t fields = row.integer(2);
            if (fields == -1) break;  // the trailer
            const auto run = fields == 3 ? row.field_integer() : std::nullopt;
            const auto name = row.field_bytes();
            const auto bytes = row.field_bytes();
            if (!run || !name || !bytes || !row.ok()) {
                broken = true;
                return;
            }
            if (*run != current) {
                flush();
                blocks.clear();
                current = *run;
            }
            blocks.emplace(std::string(*name), std::string(*bytes));
        }
    });
    if (error) return *error;
    if (broken)
        return InputError{db.shown(), "", "the database sent values pace cannot read",
                          "see the server's log; docs/postgres.md lists what pace needs of the database"};
    flush();
    if (bad) return *bad;
    if (runs_seen != out.runs.size())  // every run has its blocks, a run of no results too
        return InputError{db.shown(), "",
                          fmt::format("{} of the {} runs of {} have no columns in pace.run_columns",
                                      out.runs.size() - runs_seen, out.runs.size(), machine_id),
                          "the table holds what pace wrote with each run (docs/postgres.md, \"Schema\"); "
                          "something else changed it"};
    if (auto done = db.query("COMMIT"); !done) return done.error();
    return out;
}

Outcome<PushCounts> push_storage(const std::string& storage_dir, const std::string& url) {
    auto files = list_runs(storage_dir, "");
    if (!files) return files.error();
    Connection db;
    if (auto e = open_current(db, url)) return *e;
    PushCounts counts;
    for (const SavedRun& saved : *files) {
        std::ifstream in(saved.path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) {
            counts.skipped.push_back(InputError{saved.path, "", "cannot read the file", ""});
            continue;
        }
        const std::string document = text.str();
        Json json = Json::parse(document, nullptr, false);
        if (json.is_discarded()) {
            counts.skipped.push_back(InputError{saved.path, "", "not JSON", ""});
            continue;
        }
        Outcome<Run> run = run_from_json(json, saved.path);
        if (!run) {
            counts.skipped.push_back(run.error());
            continue;
        }
        if (auto begun = db.query("BEGIN"); !begun) return begun.error();
        // The file's bytes are kept as they are, so a second push finds them by digest.
        auto written = write_run(db, *run, document, saved.name, saved.machine_id, true);
        if (!written) return written.error();
        if (auto done = db.query("COMMIT"); !done) return done.error();
        (written->empty() ? counts.present : counts.added) += 1;
    }
    return counts;
}

}  // namespace pace::store
