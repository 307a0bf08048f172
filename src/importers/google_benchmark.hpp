// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's files: --benchmark_format=json (and --benchmark_out) and
// the CSV reporter's output, console preamble included.
#pragma once

#include <functional>  // the read_past callback
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace {

/// Reads a Google Benchmark JSON document (`context` + `benchmarks[]`).
/// Rows sharing a `run_name` become one result whose samples are the
/// repetitions' real times in seconds per iteration; `mean`/`median`/`stddev`
/// aggregate rows fill those figures (alone when only aggregates were
/// reported); `cv` and user counters go to `counters`; BigO/RMS rows become
/// a separate, skipped result named `<family>_BigO`. `origins` (optional)
/// receives each result's first row (`$.benchmarks[4]`).
/// Example: `auto run = google_benchmark_from_json(doc, "gb.json");`
Outcome<Run> google_benchmark_from_json(const Json& document, const std::string& file,
                                        std::vector<std::string>* origins = nullptr);

/// Reads Google Benchmark JSON text as google_benchmark_from_json does, one
/// row at a time: the document is never built whole, so a file of 44 MB takes
/// about its own size again rather than ten times it. Empty when the text is
/// not a Google Benchmark document whose `context` comes before `benchmarks`
/// (as Google Benchmark writes them): read it with the general reader then.
/// Rows become results group by group, so they never all exist at once
/// either. `read_past` is passed to parse_json_text_streaming: the caller may
/// give back the memory of the text the parser is past.
std::optional<Outcome<Run>> google_benchmark_from_json_text(std::string_view text, const std::string& file,
                                                            std::vector<std::string>* origins = nullptr,
                                                            const std::function<void(std::size_t)>& read_past = {});

/// Reads Google Benchmark CSV text, skipping the console lines written before
/// the `name,iterations,real_time,...` header. Same result layout as the JSON
/// reader; errors are placed as `line N`.
Outcome<Run> google_benchmark_from_csv(std::string_view text, const std::string& file,
                                       std::vector<std::string>* origins = nullptr);

/// True when `text` has Google Benchmark's CSV header on one of its first lines.
bool looks_like_google_benchmark_csv(std::string_view text);

}  // namespace pace
