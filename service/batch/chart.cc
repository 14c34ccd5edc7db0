// chart.cc — the SVG bar chart. Coordinates are kept in tenths of a pixel (integers).
#include "batch/chart.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace caremeter {

namespace {

// Okabe and Ito's palette: distinguishable with the common colour-vision deficiencies.
constexpr const char* kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#56B4E9", "#D55E00", "#F0E442", "#000000"};
constexpr std::size_t kColourCount = sizeof kColours / sizeof kColours[0];

constexpr int64_t kMillion = 100'000'000;  // pence in £1m
constexpr int64_t kThousand = 100'000;     // pence in £1k

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Tenths of a pixel as SVG text: 1234 → "123.4".
std::string px(int64_t tenths) {
  char buf[32];
  if (tenths % 10 == 0) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(tenths / 10));
  } else {
    std::snprintf(buf, sizeof buf, "%s%lld.%lld", tenths < 0 ? "-" : "", static_cast<long long>(std::abs(tenths) / 10),
                  static_cast<long long>(std::abs(tenths) % 10));
  }
  return buf;
}

// value / unit with up to two decimals, trailing zeros dropped: (150, 100) → "1.5".
std::string scaled(int64_t value, int64_t unit) {
  int64_t whole = value / unit;
  int64_t hundredths = (value % unit) * 100 / unit;
  std::string out = std::to_string(whole);
  if (hundredths != 0) {
    char buf[24];
    std::snprintf(buf, sizeof buf, ".%02lld", static_cast<long long>(hundredths));
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  return out;
}

const char* unit_words(int64_t axis_top) {
  if (axis_top >= kMillion) return "£ millions";
  if (axis_top >= kThousand) return "£ thousands";
  return "£";
}

}  // namespace

AxisScale nice_axis(Money largest) {
  const int64_t m = std::max<int64_t>(largest.in_pence(), 0);
  static constexpr int64_t kMantissa[] = {10, 20, 25, 50};  // tenths: 1, 2, 2.5, 5
  for (int64_t power = 1; power <= 1'000'000'000'000'000LL; power *= 10) {
    for (int64_t mant : kMantissa) {
      if (power < 10 && mant == 25) continue;  // no quarter pennies
      const int64_t step = mant * power / 10;
      if (step <= 0) continue;
      const int64_t ticks = (m + step - 1) / step;
      if (ticks <= 5) {
        if (m == 0) return AxisScale{step * 5, step};
        return AxisScale{std::max<int64_t>(ticks, 1) * step, step};
      }
    }
  }
  return AxisScale{m, m};
}

std::string axis_label(int64_t pence, int64_t axis_top) {
  if (pence == 0) return "£0";
  if (axis_top >= kMillion) return "£" + scaled(pence, kMillion) + "m";
  if (axis_top >= kThousand) return "£" + scaled(pence, kThousand) + "k";
  return "£" + scaled(pence, 100);
}

std::string render_bar_chart_svg(const BarChart& chart) {
  constexpr int64_t kWidth = 960, kHeight = 560;
  constexpr int64_t kLeft = 100, kRight = 30, kTop = 96, kBottom = 128;
  const int64_t plot_w = kWidth - kLeft - kRight;
  const int64_t plot_h = kHeight - kTop - kBottom;

  Money largest = Money::zero();
  for (const auto& s : chart.series) {
    for (Money v : s.values) largest = max(largest, v);
  }
  const AxisScale axis = nice_axis(largest);

  std::string o;
  o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(kWidth) + "\" height=\"" +
       std::to_string(kHeight) + "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(kHeight) +
       "\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\"" + xml_escape(chart.title) + "\">\n";
  o += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  o += "<text x=\"" + std::to_string(kLeft) + "\" y=\"36\" font-size=\"22\" font-weight=\"bold\" fill=\"#1a1a1a\">" +
       xml_escape(chart.title) + "</text>\n";
  if (!chart.subtitle.empty()) {
    o += "<text x=\"" + std::to_string(kLeft) + "\" y=\"62\" font-size=\"14\" fill=\"#555555\">" +
         xml_escape(chart.subtitle) + "</text>\n";
  }

  // Grid lines and tick labels.
  for (int64_t v = 0; v <= axis.top; v += axis.step) {
    const int64_t y10 = (kTop + plot_h) * 10 - plot_h * 10 * v / axis.top;
    o += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kLeft + plot_w) + "\" y1=\"" + px(y10) +
         "\" y2=\"" + px(y10) + "\" stroke=\"" + (v == 0 ? "#333333" : "#dddddd") + "\" stroke-width=\"1\"/>\n";
    o += "<text x=\"" + std::to_string(kLeft - 8) + "\" y=\"" + px(y10 + 45) +
         "\" font-size=\"13\" text-anchor=\"end\" fill=\"#333333\">" + xml_escape(axis_label(v, axis.top)) + "</text>\n";
  }
  // Axis titles.
  const int64_t mid_y = kTop + plot_h / 2;
  o += "<text transform=\"translate(24 " + std::to_string(mid_y) +
       ") rotate(-90)\" font-size=\"14\" text-anchor=\"middle\" fill=\"#333333\">" +
       xml_escape(chart.y_axis_title + (chart.y_axis_title.empty() ? "" : ", ") + unit_words(axis.top)) + "</text>\n";
  if (!chart.x_axis_title.empty()) {
    o += "<text x=\"" + std::to_string(kLeft + plot_w / 2) + "\" y=\"" + std::to_string(kTop + plot_h + 46) +
         "\" font-size=\"14\" text-anchor=\"middle\" fill=\"#333333\">" + xml_escape(chart.x_axis_title) + "</text>\n";
  }

  // Bars: each category gets an equal slot; its bars fill up to 80% of it, centred.
  const int64_t groups = std::max<int64_t>(1, static_cast<int64_t>(chart.categories.size()));
  const int64_t nseries = std::max<int64_t>(1, static_cast<int64_t>(chart.series.size()));
  const int64_t slot10 = plot_w * 10 / groups;
  // Bars at most 80 px wide: a two-year comparison should not look like a wall of colour.
  const int64_t bar10 = std::min<int64_t>(slot10 * 8 / 10 / nseries, 800);
  const int64_t inner10 = bar10 * nseries;
  for (int64_t g = 0; g < static_cast<int64_t>(chart.categories.size()); ++g) {
    const int64_t slot_left10 = kLeft * 10 + g * slot10;
    const int64_t bars_left10 = slot_left10 + (slot10 - inner10) / 2;
    for (int64_t s = 0; s < static_cast<int64_t>(chart.series.size()); ++s) {
      const ChartSeries& series = chart.series[static_cast<std::size_t>(s)];
      if (g >= static_cast<int64_t>(series.values.size())) continue;
      const Money v = max(series.values[static_cast<std::size_t>(g)], Money::zero());
      const int64_t h10 = plot_h * 10 * v.in_pence() / axis.top;
      const int64_t x10 = bars_left10 + s * bar10;
      o += "<rect x=\"" + px(x10) + "\" y=\"" + px((kTop + plot_h) * 10 - h10) + "\" width=\"" +
           px(std::max<int64_t>(bar10 - 10, 10)) + "\" height=\"" + px(h10) + "\" fill=\"" +
           kColours[static_cast<std::size_t>(s) % kColourCount] + "\"><title>" +
           xml_escape(series.name + ", " + chart.categories[static_cast<std::size_t>(g)] + ": £" + to_string(v)) +
           "</title></rect>\n";
    }
    o += "<text x=\"" + px(slot_left10 + slot10 / 2) + "\" y=\"" + std::to_string(kTop + plot_h + 20) +
         "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#333333\">" +
         xml_escape(chart.categories[static_cast<std::size_t>(g)]) + "</text>\n";
  }

  // Legend: one row of swatches under the axis title, wrapping when there are many scenarios.
  int64_t lx = kLeft, ly = kTop + plot_h + 72;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const std::string& name = chart.series[s].name;
    const int64_t item_w = 28 + 8 * static_cast<int64_t>(name.size()) + 24;
    if (lx + item_w > kWidth - kRight && lx > kLeft) {
      lx = kLeft;
      ly += 22;
    }
    o += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(ly - 12) + "\" width=\"16\" height=\"16\" fill=\"" +
         kColours[s % kColourCount] + "\"/>\n";
    o += "<text x=\"" + std::to_string(lx + 22) + "\" y=\"" + std::to_string(ly + 1) +
         "\" font-size=\"14\" fill=\"#1a1a1a\">" + xml_escape(name) + "</text>\n";
    lx += item_w;
  }
  if (!chart.footnote.empty()) {
    o += "<text x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(kHeight - 12) +
         "\" font-size=\"11\" fill=\"#777777\">" + xml_escape(chart.footnote) + "</text>\n";
  }
  o += "</svg>\n";
  return o;
}

}  // namespace caremeter
