// SPDX-License-Identifier: Apache-2.0
#include "importers/json_text.hpp"

#include <algorithm>  // std::upper_bound
#include <cstdint>    // std::uintptr_t
#include <cstdio>     // std::snprintf
#include <iterator>   // std::forward_iterator_tag: the tracked iterator
#include <optional>   // std::optional
#include <vector>     // std::vector

namespace pace {

namespace {

constexpr std::string_view non_finite_tokens[] = {"-Infinity", "Infinity", "-NaN", "NaN"};

struct Scan {
    std::string rewritten;                  // empty when nothing was replaced
    std::vector<std::size_t> quoted_at;     // offsets in `rewritten` where a quote pair was added
    std::optional<InputError> error;
};

// One pass over the bytes before the real parser sees them: it measures the
// nesting and object sizes (which the parser would only discover after
// building, or while recursing) and finds the bare non-finite tokens.
Scan scan(std::string_view text, const std::string& file, const JsonLimits& limits) {
    Scan out;
    struct Level {
        bool object;
        std::size_t members;
    };
    std::vector<Level> levels;
    bool in_string = false, escaped = false;
    std::size_t copied = 0;  // bytes of `text` already copied into out.rewritten
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '{':
            case '[':
                levels.push_back({c == '{', 1});
                if (levels.size() > limits.max_depth) {
                    out.error = InputError{file, line_and_column(text, i),
                                           "nesting deeper than " + std::to_string(limits.max_depth) + " levels",
                                           "result files nest a few levels; this file is not one"};
                    return out;
                }
                break;
            case '}':
            case ']':
                if (!levels.empty()) levels.pop_back();
                break;
            case ',':
                if (!levels.empty() && levels.back().object && ++levels.back().members > limits.max_object_members) {
                    out.error = InputError{file, line_and_column(text, i),
                                           "an object with more than " + std::to_string(limits.max_object_members) +
                                               " members",
                                           ""};
                    return out;
                }
                break;
            case '-':
            case 'I':
            case 'N':
                for (std::string_view token : non_finite_tokens) {
                    if (text.substr(i, token.size()) != token) continue;
                    if (out.rewritten.empty()) out.rewritten.reserve(text.size() + 64);
                    out.rewritten.append(text.substr(copied, i - copied));
                    out.quoted_at.push_back(out.rewritten.size());
                    out.rewritten += '"';
                    out.rewritten.append(token);
                    out.rewritten += '"';
                    i += token.size() - 1;
                    copied = i + 1;
                    break;
                }
                break;
            default: break;
        }
    }
    if (!out.quoted_at.empty()) out.rewritten.append(text.substr(copied));
    return out;
}

// The parser's messages end with the bytes it last read; a binary file would
// put control bytes on the user's terminal.
std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
        else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

// nlohmann's text is "[json.exception.parse_error.101] parse error at line 1,
// column 2: syntax error while parsing value - ...": keep what follows the
// position, which pace reports itself.
std::string parse_message(const std::string& what) {
    std::string_view w = what;
    if (auto p = w.find(": syntax error"); p != std::string_view::npos) w.remove_prefix(p + 2);
    else if (auto q = w.find("] "); q != std::string_view::npos) w.remove_prefix(q + 2);
    return printable(w);
}

// Builds the document from the parser's events, as the library's own builder
// does, except that the elements of one array of the root object go to a sink
// as each is complete instead of into the document.
class StreamingBuilder {
public:
    StreamingBuilder(Json& root, std::string_view streamed_key, std::string_view required_key, const ElementSink* sink,
                     const std::function<void()>* after_element = nullptr)
        : root_(root), streamed_key_(streamed_key), required_key_(required_key), sink_(sink),
          after_element_(after_element) {}

    bool null() { return value(Json(nullptr)); }
    bool boolean(bool v) { return value(Json(v)); }
    bool number_integer(Json::number_integer_t v) { return value(Json(v)); }
    bool number_unsigned(Json::number_unsigned_t v) { return value(Json(v)); }
    bool number_float(Json::number_float_t v, const Json::string_t&) { return value(Json(v)); }
    bool string(Json::string_t& v) { return value(Json(std::move(v))); }
    bool binary(Json::binary_t&) { return value(Json()); }  // only binary formats have these, never JSON text
    bool start_object(std::size_t) {
        stack_.push_back(put(Json::object()));
        return true;
    }
    bool key(Json::string_t& k) {
        key_ = k;
        member_ = &(*stack_.back())[k];
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t) {
        bool stream = sink_ && streamed_depth_ == 0 && stack_.size() == 1 && stack_.back() == &root_ &&
                      key_ == streamed_key_ && (required_key_.empty() || root_.contains(required_key_));
        stack_.push_back(put(Json::array()));
        if (stream) streamed_depth_ = stack_.size();
        return true;
    }
    bool end_array() {
        if (streamed_depth_ == stack_.size()) streamed_depth_ = 0;
        return close();
    }
    // Templated so the exception keeps its type (parse_error, out_of_range)
    // for the caller's handlers.
    template <class Exception>
    bool parse_error(std::size_t, const std::string&, const Exception& ex) {
        throw ex;
    }

private:
    bool streaming_element() const { return streamed_depth_ != 0 && stack_.size() == streamed_depth_; }

    // Places a new value where the parser is and returns it.
    Json* put(Json&& v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        if (streaming_element()) {
            element_ = std::move(v);
            return &element_;
        }
        if (stack_.back()->is_array()) {
            stack_.back()->push_back(std::move(v));
            return &stack_.back()->back();
        }
        *member_ = std::move(v);
        return member_;
    }
    bool value(Json&& v) {
        bool whole = streaming_element();
        put(std::move(v));
        if (whole) hand_over();
        return true;
    }
    bool close() {
        stack_.pop_back();
        if (streaming_element()) hand_over();
        return true;
    }
    void hand_over() {
        (*sink_)(std::move(element_), streamed_++);
        element_ = Json();
        if (after_element_ && *after_element_) (*after_element_)();
    }

    Json& root_;
    std::string_view streamed_key_, required_key_;
    const ElementSink* sink_;
    const std::function<void()>* after_element_;
    std::vector<Json*> stack_;
    Json* member_ = nullptr;
    std::string key_;                // the last key read, to recognise the streamed array
    std::size_t streamed_depth_ = 0;  // the streamed array's depth while inside it, else 0
    std::size_t streamed_ = 0;        // elements handed over
    Json element_;                   // the element being built
};

// A pointer into the text that, every 64 KiB, publishes how far the parser
// has read: the SAX interface tells no position, and the parser reads one
// character at a time without keeping pointers into the text, so what lies
// before the published position is never read again.
class TrackedChars {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    TrackedChars(const char* at, const char** progress) : at_(at), progress_(progress) {}
    reference operator*() const { return *at_; }
    TrackedChars& operator++() {
        if ((reinterpret_cast<std::uintptr_t>(++at_) & 0xffff) == 0) *progress_ = at_;
        return *this;
    }
    TrackedChars operator++(int) {
        TrackedChars before = *this;
        ++*this;
        return before;
    }
    // `!=`, which the parser uses, is rewritten from this one (C++20).
    friend bool operator==(const TrackedChars& a, const TrackedChars& b) { return a.at_ == b.at_; }

private:
    const char* at_;
    const char** progress_;
};

// Where the parser stopped on an error its exception does not place (a number
// too large for a double: nlohmann throws out_of_range without a position).
// Only a SAX handler is told the offset, so the text is walked again with one
// that keeps nothing: this runs only after a failed parse.
class ErrorPlace : public nlohmann::json_sax<Json> {
public:
    std::size_t offset = 0;  ///< bytes before the token the parser refused

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string& last_token,
                     const nlohmann::detail::exception&) override {
        // `position` counts the characters read, the refused token included.
        offset = position >= last_token.size() ? position - last_token.size() : 0;
        return false;
    }
};

// An offset into the text the parser saw, as an offset into the file's own
// bytes: the quotes added around bare NaN and Infinity before it removed.
std::size_t offset_in_file(const Scan& s, std::size_t at) {
    auto added = static_cast<std::size_t>(std::upper_bound(s.quoted_at.begin(), s.quoted_at.end(), at) -
                                          s.quoted_at.begin());
    return at >= 2 * added ? at - 2 * added : 0;
}

Outcome<Json> parse(std::string_view text, const std::string& file, const JsonLimits& limits,
                    std::string_view streamed_key, std::string_view required_key, const ElementSink* sink,
                    const std::function<void(std::size_t)>* read_past = nullptr) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return InputError{file, "", "the file is empty", "was the run interrupted before it wrote its results?"};
    Scan s = scan(text, file, limits);
    if (s.error) return *s.error;
    std::string_view parsed = s.quoted_at.empty() ? text : std::string_view(s.rewritten);
    try {
        if (!sink) return Json::parse(parsed.begin(), parsed.end());
        Json root;
        if (read_past && *read_past && s.quoted_at.empty()) {
            // The file's own text is parsed (no copy with quoted tokens):
            // tell the caller, a MiB at a time, what the parser is past.
            const char* progress = text.data();
            std::size_t told = 0;
            const std::function<void()> after_element = [&] {
                const auto past = static_cast<std::size_t>(progress - text.data());
                if (past >= told + (std::size_t{1} << 20)) {
                    told = past;
                    (*read_past)(past);
                }
            };
            StreamingBuilder builder(root, streamed_key, required_key, sink, &after_element);
            Json::sax_parse(TrackedChars(text.data(), &progress), TrackedChars(text.data() + text.size(), &progress),
                            &builder);
            return root;
        }
        StreamingBuilder builder(root, streamed_key, required_key, sink);
        Json::sax_parse(parsed.begin(), parsed.end(), &builder);
        return root;
    } catch (const Json::parse_error& e) {
        // e.byte counts from 1 in the text the parser saw; map it back to the
        // file's own bytes by removing the quotes added before it.
        const std::size_t at = offset_in_file(s, e.byte == 0 ? 0 : e.byte - 1);
        std::string message = parse_message(e.what());
        std::string hint;
        if (message.find("unexpected end of input") != std::string::npos)
            hint = "the file ends early: was it truncated, or is the run that writes it still going?";
        return InputError{file, line_and_column(text, at), "invalid JSON: " + message, hint};
    } catch (const Json::out_of_range& e) {
        // A number too large for a double (1e999) is reported this way, without a position.
        ErrorPlace place;
        Json::sax_parse(parsed.begin(), parsed.end(), &place);
        return InputError{file, line_and_column(text, offset_in_file(s, place.offset)),
                          "invalid JSON: " + parse_message(e.what()), "numbers must fit in a double"};
    } catch (const Json::exception& e) {
        return InputError{file, "", "invalid JSON: " + parse_message(e.what()), ""};
    }
}

}  // namespace

std::string line_and_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

bool is_non_finite_token(const Json& value) {
    if (!value.is_string()) return false;
    const std::string& s = value.get_ref<const std::string&>();
    for (std::string_view token : non_finite_tokens)
        if (s == token) return true;
    return false;
}

Outcome<Json> parse_json_text(std::string_view text, const std::string& file, const JsonLimits& limits) {
    return parse(text, file, limits, {}, {}, nullptr);
}

Outcome<Json> parse_json_text_streaming(std::string_view text, const std::string& file, std::string_view streamed_key,
                                        std::string_view required_key, const ElementSink& sink,
                                        const JsonLimits& limits, const std::function<void(std::size_t)>& read_past) {
    return parse(text, file, limits, streamed_key, required_key, &sink, &read_past);
}

}  // namespace pace
