// chart.h — a grouped bar chart as a standalone SVG file, for policy briefings: one group of
// bars per category (financial year), one bar per series (scenario), titled, with a £ axis
// scaled to thousands or millions and a legend.
//
// Geometry is worked out in integers from the exact pence, so the same figures always give
// the same file (tests compare bytes) and no amount ever passes through a double.
#pragma once

#include <string>
#include <vector>

#include "caremeter/model/money.h"

namespace caremeter {

struct ChartSeries {
  std::string name;
  std::vector<Money> values;  // one per category; negative values are drawn as zero
};

struct BarChart {
  std::string title;
  std::string subtitle;
  std::string x_axis_title;      // "Financial year"
  std::string y_axis_title;      // "Council spend"; the unit ("£ millions") is added
  std::vector<std::string> categories;
  std::vector<ChartSeries> series;
  std::string footnote;          // source or caveat, bottom left
};

std::string render_bar_chart_svg(const BarChart& chart);

// The axis a chart with this largest value gets: the top of the axis and the step between
// ticks, both in pence, "nice" numbers (1, 2, 2.5 or 5 × a power of ten), at most six ticks.
struct AxisScale {
  int64_t top = 0;
  int64_t step = 0;
};
AxisScale nice_axis(Money largest);
// "£0", "£750k", "£1.25m": a tick label on an axis whose top is `axis_top` pence.
std::string axis_label(int64_t pence, int64_t axis_top);

}  // namespace caremeter
