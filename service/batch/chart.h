// chart.h — a grouped bar chart as a standalone SVG file, for policy briefings: one group of
// bars per category (financial year), one bar per series (scenario), titled, with a £ axis
// scaled to thousands or millions (below zero too, for differences), marked dates (a reform's
// start) and a legend.
//
// Geometry is worked out in integers from the exact pence, so the same figures always give
// the same file (tests compare bytes) and no amount ever passes through a double.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "caremeter/model/money.h"

namespace caremeter {

struct ChartSeries {
  std::string name;
  std::vector<Money> values;  // one per category; negative values go below the zero line
};

// A dashed vertical line at a date inside a category (a reform's start): `numerator /
// denominator` of the way across the category's slot, labelled at the top of the plot.
struct ChartMarker {
  std::size_t category = 0;
  int64_t numerator = 0;
  int64_t denominator = 1;
  std::string label;
};

struct BarChart {
  std::string title;
  std::string subtitle;
  std::string x_axis_title;      // "Financial year"
  std::string y_axis_title;      // "Council spend"; the unit ("£ millions") is added
  std::vector<std::string> categories;
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
  std::string footnote;          // source or caveat, bottom left
};

std::string render_bar_chart_svg(const BarChart& chart);

// The axis a chart with these values gets: its top, bottom (zero unless a value is negative)
// and the step between ticks, in pence, "nice" numbers (1, 2, 2.5 or 5 × a power of ten), at
// most six ticks.
struct AxisScale {
  int64_t top = 0;
  int64_t step = 0;
  int64_t bottom = 0;
};
AxisScale nice_axis(Money largest);
AxisScale nice_axis(Money smallest, Money largest);
// "£0", "£750k", "£1.25m", "£1,500m", "-£40k": a tick label on an axis whose largest tick (in
// size) is `axis_top` pence; thousands separators in the figure.
std::string axis_label(int64_t pence, int64_t axis_top);
// "£12,345.67", "-£40.00": an exact amount, for tooltips.
std::string pounds_label(Money amount);

}  // namespace caremeter
