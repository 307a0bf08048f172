// SPDX-License-Identifier: Apache-2.0
#include "report/html_report.hpp"

#include <gtest/gtest.h>

#include <string>  // std::string
#include <vector>  // std::vector

#include <nlohmann/json.hpp>  // parsing the embedded data back

namespace pace::report {
namespace {

Result timed(const std::string& name, std::vector<Dim> dims, double median, std::vector<double> samples = {}) {
    Result r;
    r.name = name;
    r.dims = std::move(dims);
    r.id = make_id(r.name, r.dims);
    TimeStats t;
    t.median = median;
    t.samples = std::move(samples);
    r.time = t;
    return r;
}

pace::Run run_of(std::vector<Result> results) {
    pace::Run run;
    run.results = std::move(results);
    run.source = "run.json";
    return run;
}

// The JSON inside <script type="application/json" id="pace-data">…</script>.
nlohmann::json embedded_data(const std::string& html) {
    const std::string open = "<script type=\"application/json\" id=\"pace-data\">";
    std::size_t start = html.find(open);
    EXPECT_NE(start, std::string::npos);
    start += open.size();
    std::size_t end = html.find("</script>", start);
    return nlohmann::json::parse(html.substr(start, end - start));
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
    return n;
}

TEST(EscapeJsonForHtml, LeavesNoMarkupAndParsesBackUnchanged) {
    const std::string text = "</script><img src=x onerror=alert(1)> & \"q\" na\xC3\xAFve \xE2\x80\xA8 \xE2\x80\xA9";
    std::string json = nlohmann::json(text).dump(-1, ' ', false);
    std::string escaped = escape_json_for_html(json);
    EXPECT_EQ(escaped.find('<'), std::string::npos);
    EXPECT_EQ(escaped.find('>'), std::string::npos);
    EXPECT_EQ(escaped.find('&'), std::string::npos);
    EXPECT_EQ(escaped.find("\xE2\x80\xA8"), std::string::npos);
    EXPECT_NE(escaped.find("\\u003c/script\\u003e"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(escaped).get<std::string>(), text);
}

TEST(RenderHtmlReport, HostileNamesStayDataInsideTheJsonElement) {
    const std::string evil = "</script><script>alert(1)</script>";
    std::vector<pace::Run> runs{run_of({timed(evil, {{"<b>", std::string("\"x\" & 'y'")}}, 1e-6),
                                  timed("ok", {{"n", std::int64_t{10}}}, 2e-6)})};
    auto page = render_html_report(runs, {.view = PlotView::compare, .labels = {"<i>"}});
    ASSERT_FALSE(page.ok());  // compare needs two runs

    auto scaling = render_html_report(runs, {.labels = {"<i>label</i>"}});
    ASSERT_TRUE(scaling.ok()) << scaling.error().describe();
    // The page's own three <script> elements close; the data closes none.
    EXPECT_EQ(count(scaling->html, "</script>"), 3u);
    EXPECT_EQ(count(scaling->html, "<script>alert"), 0u);
    nlohmann::json data = embedded_data(scaling->html);
    EXPECT_EQ(data["results"][0]["name"], evil);
    EXPECT_EQ(data["results"][0]["dims"][0]["name"], "<b>");
    EXPECT_EQ(data["runs"][0]["label"], "<i>label</i>");
}

TEST(RenderHtmlReport, PlaceholderCommitIsLeftEmpty) {
    std::vector<pace::Run> runs{run_of({timed("ok", {{"n", std::int64_t{10}}}, 2e-6)})};
    runs[0].commit.id = "unknown";
    runs[0].commit.branch = "(unknown)";
    auto page = render_html_report(runs, {.labels = {"a"}});
    ASSERT_TRUE(page.ok()) << page.error().describe();
    nlohmann::json data = embedded_data(page->html);
    EXPECT_EQ(data["runs"][0]["commit"]["id"], "");
    EXPECT_EQ(data["runs"][0]["commit"]["branch"], "");
}

TEST(RenderHtmlReport, EmbedsChartJsAndFetchesNothing) {
    std::vector<pace::Run> runs{run_of({timed("sort", {{"n", std::int64_t{10}}}, 1e-6)})};
    auto page = render_html_report(runs, {.labels = {"a"}});
    ASSERT_TRUE(page.ok());
    EXPECT_NE(page->html.find("Chart.js v"), std::string::npos);
    EXPECT_NE(page->html.find("default-src 'none'"), std::string::npos);
    EXPECT_EQ(page->html.find("<script src"), std::string::npos);
    EXPECT_EQ(page->html.find("<link"), std::string::npos);
    EXPECT_EQ(page->view, PlotView::scaling);
}

TEST(RenderHtmlReport, DefaultViewFollowsRunCount) {
    EXPECT_EQ(default_view(1), PlotView::scaling);
    EXPECT_EQ(default_view(2), PlotView::scatter);
    EXPECT_EQ(default_view(3), PlotView::sweep);
    EXPECT_EQ(default_view(9), PlotView::sweep);
}

TEST(RenderHtmlReport, BadRequestsComeBackAsErrorsWithHints) {
    std::vector<pace::Run> one{run_of({timed("parse", {{"format", std::string("json")}}, 1e-6)})};
    auto no_numeric = render_html_report(one, {.view = PlotView::scaling, .labels = {"a"}});
    ASSERT_FALSE(no_numeric.ok());
    EXPECT_NE(no_numeric.error().message.find("numeric dim"), std::string::npos);
    EXPECT_FALSE(no_numeric.error().hint.empty());

    auto no_metric = render_html_report(one, {.view = PlotView::compare, .metric = "peak", .labels = {"a"}});
    EXPECT_FALSE(no_metric.ok());
    auto no_runs = render_html_report({}, {});
    ASSERT_FALSE(no_runs.ok());
    EXPECT_FALSE(no_runs.error().hint.empty());
    auto facet = render_html_report(one, {.view = PlotView::distribution, .facet = "n", .labels = {"a"}});
    ASSERT_FALSE(facet.ok());
    EXPECT_EQ(facet.error().hint, "these runs have dims: format");
    auto clip = render_html_report(one, {.clip_percent = 120.0, .labels = {"a"}});
    EXPECT_FALSE(clip.ok());
    auto labels = render_html_report(one, {.labels = {}});
    EXPECT_FALSE(labels.ok());
    auto samples = render_html_report(one, {.view = PlotView::distribution, .labels = {"a"}});
    ASSERT_FALSE(samples.ok());
    EXPECT_NE(samples.error().message.find("samples"), std::string::npos);
}

TEST(RenderHtmlReport, ScalingPutsTheSweptDimOnTheXAxis) {
    // n takes three values, threads one: n is the size being swept.
    std::vector<pace::Run> runs{run_of({timed("sort", {{"n", std::int64_t{10}}, {"threads", std::int64_t{4}}}, 1e-6),
                                  timed("sort", {{"n", std::int64_t{100}}, {"threads", std::int64_t{4}}}, 1e-5),
                                  timed("sort", {{"n", std::int64_t{1000}}, {"threads", std::int64_t{4}}}, 1e-4),
                                  timed("label", {{"kind", std::string("a")}}, 1e-6)})};
    auto page = render_html_report(runs, {.labels = {"a"}});
    ASSERT_TRUE(page.ok());
    nlohmann::json data = embedded_data(page->html);
    EXPECT_EQ(data["results"][0]["x"], "n");
    EXPECT_EQ(data["results"][3]["x"], "");
    auto forced = render_html_report(runs, {.x = "threads", .labels = {"a"}});
    ASSERT_TRUE(forced.ok());
    EXPECT_EQ(embedded_data(forced->html)["results"][0]["x"], "threads");
}

TEST(RenderHistoryReport, EmbedsCommitsPointsAndStepsAsData) {
    HistoryPlot plot;
    plot.source = ".pace";
    plot.commits = {{"aaaa", "first", "2026-01-01T00:00:00+00:00", "a.json"},
                    {"bbbb", "</script><img src=x onerror=alert(1)>", "2026-01-02T00:00:00+00:00", "b.json"},
                    {"cccc", "third", "2026-01-03T00:00:00+00:00", "c.json"}};
    HistoryPlotSeries work{"work<b>", {{0, 100, 0}, {2, 150, 2.5}}, {}};
    stats::Step step;
    step.index = 1;  // the second point: commit 2
    step.before = 100;
    step.after = 150;
    step.change = 0.5;
    step.confidence = 0.9999;
    work.steps.push_back(step);
    plot.series.push_back(work);
    const PlotReport page = render_history_report(plot, {.view = PlotView::history, .metric = "instructions"});
    EXPECT_EQ(page.view, PlotView::history);
    EXPECT_EQ(page.ids, 1u);
    EXPECT_EQ(count(page.html, "<img"), 0u);
    EXPECT_EQ(count(page.html, "<b>"), 0u);
    const nlohmann::json data = embedded_data(page.html);
    EXPECT_EQ(data["view"], "history");
    EXPECT_EQ(data["kind"], "count");
    ASSERT_EQ(data["commits"].size(), 3u);
    EXPECT_EQ(data["commits"][1]["subject"], "</script><img src=x onerror=alert(1)>");
    EXPECT_EQ(data["commits"][2]["date"], "2026-01-03T00:00:00+00:00");
    const nlohmann::json& s = data["series"][0];
    EXPECT_EQ(s["id"], "work<b>");
    EXPECT_EQ(s["points"], nlohmann::json::parse("[[0,100.0,0.0],[2,150.0,2.5]]"));
    // The step names its commit, not its index among the points.
    ASSERT_EQ(s["steps"].size(), 1u);
    EXPECT_EQ(s["steps"][0]["commit"], 2);
    EXPECT_DOUBLE_EQ(s["steps"][0]["change"].get<double>(), 0.5);
}

TEST(RenderHtmlReport, HistoryIsNotAViewOfAListOfRuns) {
    std::vector<pace::Run> one{run_of({timed("parse", {}, 1e-6)})};
    EXPECT_EQ(parse_plot_view("history").value(), PlotView::history);
    auto page = render_html_report(one, {.view = PlotView::history, .labels = {"a"}});
    ASSERT_FALSE(page.ok());
    EXPECT_FALSE(page.error().hint.empty());
}

TEST(BoxSummary, QuartilesWhiskersAndOutliers) {
    BoxSummary box = box_summary({9, 1, 2, 3, 4, 5, 6, 7, 8, 100});
    EXPECT_DOUBLE_EQ(box.median, 5.5);  // sorted: 1..9, 100
    EXPECT_DOUBLE_EQ(box.q1, 3.25);
    EXPECT_DOUBLE_EQ(box.q3, 7.75);
    EXPECT_DOUBLE_EQ(box.low_whisker, 1);
    EXPECT_DOUBLE_EQ(box.high_whisker, 9);
    ASSERT_EQ(box.outliers.size(), 1u);
    EXPECT_DOUBLE_EQ(box.outliers[0], 100);
    EXPECT_EQ(box.count, 10u);

    BoxSummary single = box_summary({2.5});
    EXPECT_DOUBLE_EQ(single.q1, 2.5);
    EXPECT_DOUBLE_EQ(single.high_whisker, 2.5);
    EXPECT_TRUE(single.outliers.empty());
}

}  // namespace
}  // namespace pace::report
