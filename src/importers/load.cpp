// SPDX-License-Identifier: Apache-2.0
#include "importers/load.hpp"

#include <algorithm>   // std::fill_n
#include <cerrno>      // errno after a failed open
#include <cstring>     // std::strerror
#include <filesystem>  // status and size before reading
#include <fstream>     // std::ifstream
#include <memory>      // std::unique_ptr: the file's text, padded and not zeroed first
#include <new>         // std::bad_alloc
#include <vector>      // std::vector

#include "importers/google_benchmark.hpp"
#include "importers/hyperfine.hpp"
#include "importers/json_text.hpp"
#include "importers/mapped_text.hpp"
#include "importers/reading.hpp"
#include "importers/validate.hpp"
#include "model/json_format.hpp"  // run_from_json

namespace pace {

namespace {

constexpr ResultFormat pace_json_format = "pace/pytest-benchmark JSON";
constexpr ResultFormat google_benchmark_json_format = "Google Benchmark JSON";
constexpr ResultFormat google_benchmark_csv_format = "Google Benchmark CSV";

const std::string supported_hint =
    "pace reads its own files and those of pytest-benchmark (--benchmark-json), Google Benchmark "
    "(--benchmark_format=json or csv) and hyperfine (--export-json)";

std::string_view without_bom(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

// asv keeps a results file per commit and environment, a machine.json and a
// benchmarks.json; all three are recognised so the message can say what they are.
bool is_asv(const Json& doc) {
    if (doc.contains("commit_hash") && doc.contains("env_name") && doc.contains("results")) return true;
    if (doc.contains("arch") && doc.contains("machine") && doc.contains("os") && doc.contains("version") &&
        !doc.contains("benchmarks"))
        return true;
    if (doc.contains("version") && !doc.contains("benchmarks") && !doc.contains("results")) {
        for (const auto& [key, value] : doc.items())
            if (value.is_object() && value.contains("type") && value.contains("unit") && value.contains("name"))
                return true;
    }
    return false;
}

// pytest-benchmark files trimmed by hand sometimes end `stats.data` with a
// note ("... omitted to keep this file small"). Such text is not a sample:
// it moves to extra_info.data_notes so the samples that are there still load.
// Only files pytest-benchmark wrote are touched; pace's own stay strict.
void move_notes_out_of_data(Json& doc) {
    if (doc.contains("pace")) return;
    auto benchmarks = doc.find("benchmarks");
    if (benchmarks == doc.end() || !benchmarks->is_array()) return;
    for (Json& b : *benchmarks) {
        if (!b.is_object()) continue;
        auto stats = b.find("stats");
        if (stats == b.end() || !stats->is_object()) continue;
        auto data = stats->find("data");
        if (data == stats->end() || !data->is_array()) continue;
        Json notes = Json::array();
        Json kept = Json::array();
        for (Json& x : *data) {
            if (x.is_string() && !is_non_finite_token(x)) notes.push_back(std::move(x));
            else kept.push_back(std::move(x));
        }
        if (notes.empty()) {
            *data = std::move(kept);
            continue;
        }
        auto extra = b.find("extra_info");
        if (extra != b.end() && !extra->is_null() && !extra->is_object()) {
            // Leave the file as it is: the reader will report the mistyped extra_info.
            for (Json& n : notes) kept.push_back(std::move(n));
            *data = std::move(kept);
            continue;
        }
        *data = std::move(kept);
        if (extra == b.end() || extra->is_null()) b["extra_info"] = Json::object();
        b["extra_info"]["data_notes"] = std::move(notes);
    }
}

// pace/pytest-benchmark JSON: the general reader, after moving hand-written
// notes out of the samples.
Outcome<Run> read_pace_json(Json& doc, const std::string& label, std::vector<std::string>* origins) {
    move_notes_out_of_data(doc);
    Outcome<Run> run = run_from_json(doc, label);
    if (run.ok())
        for (std::size_t i = 0; i < run->results.size(); ++i) origins->push_back("$.benchmarks[" + std::to_string(i) + "]");
    return run;
}

// The JSON formats pace reads, in the order they are tried on a parsed
// document: the first whose `matches` says yes reads it. A new JSON format is
// its reader's file and a row here.
struct JsonImporter {
    ResultFormat name;
    bool (*matches)(const Json& doc);
    Outcome<Run> (*read)(Json& doc, const std::string& label, std::vector<std::string>* origins);
};

const JsonImporter json_importers[] = {
    {google_benchmark_json_format, [](const Json& doc) { return doc.contains("benchmarks") && doc.contains("context"); },
     [](Json& doc, const std::string& label, std::vector<std::string>* origins) {
         return google_benchmark_from_json(doc, label, origins);
     }},
    {pace_json_format, [](const Json& doc) { return doc.contains("benchmarks"); }, read_pace_json},
    {"hyperfine JSON", [](const Json& doc) { return doc.contains("results") && !is_asv(doc); },
     [](Json& doc, const std::string& label, std::vector<std::string>* origins) {
         return hyperfine_from_json(doc, label, origins);
     }},
};

Outcome<const JsonImporter*> json_layout(const Json& doc, const std::string& label) {
    if (doc.is_array())
        return InputError{label, "$", "expected an object, found an array", supported_hint};
    if (!doc.is_object())
        return InputError{label, "$", "expected an object, found " + detail::describe_value(doc), supported_hint};
    for (const JsonImporter& importer : json_importers)
        if (importer.matches(doc)) return &importer;
    if (is_asv(doc))
        return InputError{label, "", "asv results are not supported yet",
                          "export the runs from asv another way, or compare them with asv itself"};
    return InputError{label, "$", "not a result file pace knows: no \"benchmarks\" or \"results\" key", supported_hint};
}

// What the text is before any parsing: empty, binary, Google Benchmark CSV,
// JSON (`nullopt`, the layout is told after parsing), or something else.
std::optional<Outcome<ResultFormat>> text_layout(std::string_view text, const std::string& label) {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return InputError{label, "", "the file is empty", "was the run interrupted before it wrote its results?"};
    // A NUL never appears in JSON or CSV text; looking at the start is enough
    // to turn away images, archives and executables at once.
    std::size_t nul = text.substr(0, 65536).find('\0');
    if (nul != std::string_view::npos)
        return InputError{label, "", "a binary file (a NUL byte at offset " + std::to_string(nul) + "), not a result file",
                          supported_hint};
    // First, since the CSV's preamble starts with a date, which looks like a
    // JSON number; no JSON text has a line starting with the CSV header. Text
    // opening with `{` is no CSV: skipping the search spares a scan of a whole
    // one-line JSON file for a newline.
    if (text[first] != '{' && looks_like_google_benchmark_csv(text)) return google_benchmark_csv_format;
    if (std::string_view("{[\"-0123456789tfn").find(text[first]) != std::string_view::npos) return std::nullopt;
    return InputError{label, "", "not a result file pace knows: neither JSON nor Google Benchmark CSV",
                      supported_hint};
}

Outcome<Run> with_hint(Outcome<Run> run, std::string_view format) {
    if (run.ok()) return run;
    InputError e = run.error();
    if (e.hint.empty() && e.message.find("\"NaN\"") != std::string::npos)
        e.hint = "JSON has no NaN; a figure that could not be measured must be left out";
    if (e.hint.empty() && e.message.find("missing required key") != std::string::npos)
        e.hint = "the file looks like " + std::string(format) + " but lacks what every such file has";
    return e;
}

}  // namespace

Outcome<ResultFormat> detect_format(std::string_view text, const std::string& label) {
    text = without_bom(text);
    if (auto layout = text_layout(text, label)) return *layout;
    Outcome<Json> doc = parse_json_text(text, label);
    if (!doc) return doc.error();
    Outcome<const JsonImporter*> importer = json_layout(*doc, label);
    if (!importer) return importer.error();
    return (*importer)->name;
}

namespace {

Outcome<Run> load_text(std::string_view text, const std::string& label, PaceJsonReader fast, bool padded,
                       const MappedText* mapped = nullptr) {
    text = without_bom(text);  // moves the start, not the end: padding stays
    std::vector<std::string> origins;
    std::optional<Outcome<Run>> run;
    ResultFormat format = pace_json_format;
    if (auto layout = text_layout(text, label)) {
        if (!*layout) return layout->error();
        format = **layout;
        run = google_benchmark_from_csv(text, label, &origins);
    } else if (std::optional<Outcome<Run>> gb = google_benchmark_from_json_text(
                   text, label, &origins,
                   // A mapped file's pages the parser is past go back to the system: the text of
                   // two 44 MB runs would otherwise stay beside their results.
                   mapped ? std::function<void(std::size_t)>(
                                [&](std::size_t past) { mapped->release_before(text.data() + past); })
                          : std::function<void(std::size_t)>())) {
        // Row by row: the whole document of a large run would take ten times the file.
        format = google_benchmark_json_format;
        run = std::move(*gb);
    } else if (std::optional<Run> quick = fast ? fast(text, padded) : std::nullopt) {
        // The fast reader only answers for a pace/pytest-benchmark file the
        // general reader would read without error, so what follows is the same.
        run = std::move(*quick);
        for (std::size_t i = 0; i < (*run)->results.size(); ++i)
            origins.push_back("$.benchmarks[" + std::to_string(i) + "]");
    } else {
        Outcome<Json> doc = parse_json_text(text, label);
        if (!doc) return doc.error();
        Outcome<const JsonImporter*> importer = json_layout(*doc, label);
        if (!importer) return importer.error();
        format = (*importer)->name;
        run = (*importer)->read(*doc, label, &origins);
    }
    if (!run) return InputError{label, "", "internal error: no reader for the detected format", ""};
    if (!run->ok()) return with_hint(std::move(*run), format);
    if (auto problem = validate_run(run->value(), label, origins)) return *problem;
    (*run)->source = label;
    return std::move(*run);
}

}  // namespace

Outcome<Run> load_run_from_text(std::string_view text, const std::string& label, PaceJsonReader fast) {
    return load_text(text, label, fast, false);
}

namespace {

Outcome<Run> read_and_load(const std::string& path, PaceJsonReader fast, bool map_file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        if (ec && ec != std::errc::no_such_file_or_directory)
            return InputError{path, "", "cannot read: " + ec.message(), ""};
        return InputError{path, "", "no such file", "check the path; relative paths start from the current directory"};
    }
    if (fs::is_directory(status))
        return InputError{path, "", "a directory, not a result file", "name one of the files inside it"};
    if (!fs::is_regular_file(status))
        return InputError{path, "", "not a regular file", "pace reads result files from disk, not devices or pipes"};
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return InputError{path, "", "cannot read: " + ec.message(), ""};
    if (size > max_result_file_bytes)
        return InputError{path, "", "the file is " + std::to_string(size >> 20) + " MiB, more than the 1024 MiB pace reads",
                          "is this really a result file?"};
    const auto capacity = static_cast<std::size_t>(size);
    if (std::optional<MappedText> mapped = map_file ? MappedText::map(path, capacity, text_padding_bytes) : std::nullopt) {
        Outcome<Run> run = load_text(mapped->text(), path, fast, true, &*mapped);
        if (mapped->file_changed())
            return InputError{path, "", "the file was truncated while pace read it",
                              "read it again once whatever writes it has finished"};
        return run;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return InputError{path, "", std::string("cannot open: ") + std::strerror(errno), ""};
    // Not a std::string: it would write zeros over the whole buffer before
    // the read overwrites them, a cost of its own on files of tens of MB.
    std::unique_ptr<char[]> buffer(new char[capacity + text_padding_bytes]);
    in.read(buffer.get(), static_cast<std::streamsize>(capacity));
    // The file may have shrunk since its size was taken; read what is there.
    const auto length = static_cast<std::size_t>(in.gcount());
    if (in.bad()) return InputError{path, "", "cannot read: an I/O error", ""};
    std::fill_n(buffer.get() + length, text_padding_bytes, '\0');
    return load_text(std::string_view(buffer.get(), length), path, fast, true);
}

thread_local const std::string* reading = nullptr;

// Names the file this thread reads for as long as it is read.
class Reading {
public:
    explicit Reading(const std::string& path) noexcept : outer_(reading) { reading = &path; }
    ~Reading() { reading = outer_; }
    Reading(const Reading&) = delete;
    Reading& operator=(const Reading&) = delete;

private:
    const std::string* outer_;
};

}  // namespace

const std::string* file_being_read() noexcept { return reading; }

Outcome<Run> load_run(const std::string& path, PaceJsonReader fast, bool map_file) {
    // A file too large for the memory this process may use is an input error
    // like any other, reported here where it happens: as an exception it
    // would cross threads and library code on its way up.
    const Reading reading_it(path);
    try {
        return read_and_load(path, fast, map_file);
    } catch (const std::bad_alloc&) {
        return InputError{path, "", out_of_memory_message, out_of_memory_hint};
    }
}

}  // namespace pace
