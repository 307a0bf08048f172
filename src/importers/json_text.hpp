// SPDX-License-Identifier: Apache-2.0
// Parsing JSON text from files pace did not write: guarded against hostile
// nesting and huge objects, and tolerant of the bare NaN/Infinity tokens that
// Google Benchmark and Python's json module emit although JSON has none.
#pragma once

#include <cstddef>      // std::size_t
#include <functional>   // std::function: where streamed elements go
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace {

/// Limits applied before the document is built, so a hostile file fails fast.
struct JsonLimits {
    /// Deepest nesting of arrays and objects accepted. Result files nest fewer
    /// than 10 levels; the limit keeps the recursive parts of the JSON library
    /// (destruction, copying) far from the stack's end.
    std::size_t max_depth = 256;
    /// Most members accepted in one object. The order-keeping object type
    /// searches its keys linearly, so a 10^6-key object would take minutes.
    std::size_t max_object_members = 20000;
};

/// Parses `text` into a document. The bare tokens `NaN`, `-NaN`, `Infinity`
/// and `-Infinity` outside strings become the strings "NaN", "-NaN",
/// "Infinity" and "-Infinity", so readers can treat them as missing figures
/// (Google Benchmark) or report them with their JSON path (pace,
/// pytest-benchmark). Errors carry `file` and `line L, column C`.
/// Example: `auto doc = parse_json_text(R"({"a": NaN})", "x.json");`
Outcome<Json> parse_json_text(std::string_view text, const std::string& file, const JsonLimits& limits = {});

/// Receives one element of a streamed array and its index in the array.
using ElementSink = std::function<void(Json&& element, std::size_t index)>;

/// As parse_json_text, but the elements of the root object's array
/// `streamed_key` are handed to `sink` one at a time as each is parsed, and
/// the array stays empty in the document. Only when the root object already
/// holds `required_key` (if given) when the array starts: otherwise it is
/// parsed as usual. A large file of many small elements (Google Benchmark's
/// `benchmarks`) then never exists whole as a document, which takes several
/// times the text's size. Exceptions from the sink leave this function.
/// Example: `parse_json_text_streaming(text, "gb.json", "benchmarks", "context", sink);`
/// `read_past`, if given, is called now and then between elements with how
/// many bytes of `text` the parser is past: bytes it will not read again, so
/// the caller may give their memory back (MappedText::release_before).
Outcome<Json> parse_json_text_streaming(std::string_view text, const std::string& file, std::string_view streamed_key,
                                        std::string_view required_key, const ElementSink& sink,
                                        const JsonLimits& limits = {},
                                        const std::function<void(std::size_t)>& read_past = {});

/// True when `value` is one of the strings parse_json_text puts in place of a
/// bare non-finite token.
bool is_non_finite_token(const Json& value);

/// `line L, column C` of a byte offset in `text` (both counted from 1).
std::string line_and_column(std::string_view text, std::size_t offset);

}  // namespace pace
