// SPDX-License-Identifier: Apache-2.0
#include "report/junit.hpp"

#include <fmt/format.h>  // fmt::format

namespace pace::report {

namespace {

// Text for an XML attribute: the five markup characters escaped, and the
// control characters XML 1.0 forbids replaced (they cannot be escaped).
std::string xml_attribute(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\n': out += "&#10;"; break;
            case '\t': out += "&#9;"; break;
            case '\r': out += "&#13;"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20)
                    out += "\xEF\xBF\xBD";  // U+FFFD: XML 1.0 has no way to write these
                else
                    out += c;
        }
    }
    return out;
}

}  // namespace

std::string render_junit(std::string_view suite, const std::vector<JunitCase>& cases) {
    std::size_t failures = 0, skipped = 0;
    double seconds = 0;
    for (const JunitCase& c : cases) {
        failures += c.failure.has_value();
        skipped += c.skipped.has_value();
        seconds += c.seconds;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.6f}\">\n", cases.size(),
                       failures, skipped, seconds);
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.6f}\">\n",
                       xml_attribute(suite), cases.size(), failures, skipped, seconds);
    for (const JunitCase& c : cases) {
        out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.6f}\"", xml_attribute(c.classname),
                           xml_attribute(c.name), c.seconds);
        if (!c.failure && !c.skipped) {
            out += "/>\n";
            continue;
        }
        out += ">\n";
        if (c.failure) out += fmt::format("      <failure message=\"{}\"/>\n", xml_attribute(*c.failure));
        if (c.skipped) out += fmt::format("      <skipped message=\"{}\"/>\n", xml_attribute(*c.skipped));
        out += "    </testcase>\n";
    }
    out += "  </testsuite>\n</testsuites>\n";
    return out;
}

std::vector<JunitCase> junit_cases(const Run& run) {
    std::vector<JunitCase> cases;
    cases.reserve(run.results.size());
    for (const Result& r : run.results) {
        JunitCase c;
        c.classname = r.group.empty() ? r.name : r.group;
        c.name = r.id;
        // total is pytest-benchmark's, the sum of the samples (seconds per call);
        // each round made `iterations` calls, so this is the rounds' own time.
        if (r.time && r.time->total) c.seconds = *r.time->total * static_cast<double>(r.time->iterations);
        if (r.status == Status::failed) c.failure = r.message;
        if (r.status == Status::skipped) c.skipped = r.message;
        cases.push_back(std::move(c));
        // Each target is a case of its own, under its benchmark, so a CI page
        // lists what was checked and not only what failed.
        for (const TargetOutcome& t : r.targets) {
            JunitCase tc;
            tc.classname = r.id;
            tc.name = "target " + t.description;
            if (!t.checked) tc.skipped = t.detail;
            else if (!t.passed) tc.failure = "missed: " + t.detail;
            cases.push_back(std::move(tc));
        }
    }
    return cases;
}

}  // namespace pace::report
