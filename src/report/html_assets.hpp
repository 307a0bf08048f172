// SPDX-License-Identifier: Apache-2.0
// Files embedded into the pace binary at build time (cmake/EmbedFiles.cmake):
// the chart library from the system's package and the report's own page parts.
#pragma once

#include <string_view>  // std::string_view

namespace pace::report::assets {

std::string_view chart_js();     ///< Chart.js, UMD build, as installed by libjs-chart.js
std::string_view report_html();  ///< the page skeleton with {{...}} slots (src/report/html/report.html)
std::string_view report_css();   ///< src/report/html/report.css
std::string_view report_js();    ///< src/report/html/report.js: reads the data, draws the view

}  // namespace pace::report::assets
