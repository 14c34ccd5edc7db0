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

// 1234567 → "1,234,567" (not negative).
std::string thousands(int64_t whole) {
  const std::string plain = std::to_string(whole);
  std::string out;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    out += plain[i];
    const std::size_t remaining = plain.size() - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  return out;
}

// value / unit (not negative) with up to two decimals, trailing zeros dropped, thousands
// separated: (150, 100) → "1.5", (150000, 100) → "1,500".
std::string scaled(int64_t value, int64_t unit) {
  int64_t whole = value / unit;
  int64_t hundredths = (value % unit) * 100 / unit;
  std::string out = thousands(whole);
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

AxisScale nice_axis(Money largest) { return nice_axis(Money::zero(), largest); }

AxisScale nice_axis(Money smallest, Money largest) {
  const int64_t up = std::max<int64_t>(largest.in_pence(), 0);
  const int64_t down = std::max<int64_t>(-smallest.in_pence(), 0);
  static constexpr int64_t kMantissa[] = {10, 20, 25, 50};  // tenths: 1, 2, 2.5, 5
  for (int64_t power = 1; power <= 1'000'000'000'000'000LL; power *= 10) {
    for (int64_t mant : kMantissa) {
      if (power < 10 && mant == 25) continue;  // no quarter pennies
      const int64_t step = mant * power / 10;
      if (step <= 0) continue;
      const int64_t ticks_up = (up + step - 1) / step;
      const int64_t ticks_down = (down + step - 1) / step;
      if (ticks_up + ticks_down <= 5) {
        if (up == 0 && down == 0) return AxisScale{step * 5, step, 0};
        // An axis of only negative values still shows one tick above zero.
        return AxisScale{std::max<int64_t>(ticks_up, ticks_down == 0 ? 1 : 0) * step, step, -ticks_down * step};
      }
    }
  }
  return AxisScale{up, std::max<int64_t>(up + down, 1), -down};
}

std::string axis_label(int64_t pence, int64_t axis_top) {
  if (pence == 0) return "£0";
  if (pence < 0) return "-" + axis_label(-pence, axis_top);
  if (axis_top >= kMillion) return "£" + scaled(pence, kMillion) + "m";
  if (axis_top >= kThousand) return "£" + scaled(pence, kThousand) + "k";
  return "£" + scaled(pence, 100);
}

std::string pounds_label(Money amount) {
  const int64_t p = amount.in_pence();
  const int64_t magnitude = p < 0 ? -p : p;
  char pence[8];
  std::snprintf(pence, sizeof pence, ".%02lld", static_cast<long long>(magnitude % 100));
  return std::string(p < 0 ? "-£" : "£") + thousands(magnitude / 100) + pence;
}

namespace {

constexpr int64_t kWidth = 960, kHeight = 560;
constexpr int64_t kLeft = 100, kRight = 30, kTop = 96, kBottom = 128;
constexpr int64_t kPlotW = kWidth - kLeft - kRight;
constexpr int64_t kPlotH = kHeight - kTop - kBottom;

// The plot's vertical scale: pence to tenths of a pixel from the top of the picture.
struct Scale {
  AxisScale axis;
  int64_t y10(int64_t pence) const {
    return (kTop + kPlotH) * 10 - kPlotH * 10 * (pence - axis.bottom) / (axis.top - axis.bottom);
  }
  int64_t label_top() const { return std::max(axis.top, -axis.bottom); }  // the largest tick in size
};

// The slots of the categories across the plot, in tenths of a pixel.
struct Slots {
  int64_t slot10;
  int64_t left10(std::size_t category) const { return kLeft * 10 + static_cast<int64_t>(category) * slot10; }
};

void draw_titles(std::string& o, const BarChart& chart, const Scale& scale) {
  o += "<text x=\"" + std::to_string(kLeft) + "\" y=\"36\" font-size=\"22\" font-weight=\"bold\" fill=\"#1a1a1a\">" +
       xml_escape(chart.title) + "</text>\n";
  if (!chart.subtitle.empty()) {
    o += "<text x=\"" + std::to_string(kLeft) + "\" y=\"62\" font-size=\"14\" fill=\"#555555\">" +
         xml_escape(chart.subtitle) + "</text>\n";
  }
  // Grid lines and tick labels; the zero line darker.
  for (int64_t v = scale.axis.bottom; v <= scale.axis.top; v += scale.axis.step) {
    const int64_t y10 = scale.y10(v);
    o += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kLeft + kPlotW) + "\" y1=\"" + px(y10) +
         "\" y2=\"" + px(y10) + "\" stroke=\"" + (v == 0 ? "#333333" : "#dddddd") + "\" stroke-width=\"1\"/>\n";
    o += "<text x=\"" + std::to_string(kLeft - 8) + "\" y=\"" + px(y10 + 45) +
         "\" font-size=\"13\" text-anchor=\"end\" fill=\"#333333\">" + xml_escape(axis_label(v, scale.label_top())) +
         "</text>\n";
  }
  const int64_t mid_y = kTop + kPlotH / 2;
  o += "<text transform=\"translate(24 " + std::to_string(mid_y) +
       ") rotate(-90)\" font-size=\"14\" text-anchor=\"middle\" fill=\"#333333\">" +
       xml_escape(chart.y_axis_title + (chart.y_axis_title.empty() ? "" : ", ") + unit_words(scale.label_top())) +
       "</text>\n";
  if (!chart.x_axis_title.empty()) {
    o += "<text x=\"" + std::to_string(kLeft + kPlotW / 2) + "\" y=\"" + std::to_string(kTop + kPlotH + 46) +
         "\" font-size=\"14\" text-anchor=\"middle\" fill=\"#333333\">" + xml_escape(chart.x_axis_title) + "</text>\n";
  }
}

// Each category gets an equal slot; its bars fill up to 80% of it, centred, from the zero line
// up (or down, for negative values). Each bar's tooltip gives the exact amount.
void draw_bars(std::string& o, const BarChart& chart, const Scale& scale, const Slots& slots) {
  const int64_t nseries = std::max<int64_t>(1, static_cast<int64_t>(chart.series.size()));
  // Bars at most 80 px wide: a two-year comparison should not look like a wall of colour.
  const int64_t bar10 = std::min<int64_t>(slots.slot10 * 8 / 10 / nseries, 800);
  const int64_t inner10 = bar10 * nseries;
  const int64_t zero10 = scale.y10(0);
  for (std::size_t g = 0; g < chart.categories.size(); ++g) {
    const int64_t bars_left10 = slots.left10(g) + (slots.slot10 - inner10) / 2;
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const ChartSeries& series = chart.series[s];
      if (g >= series.values.size()) continue;
      const Money v = series.values[g];
      const int64_t end10 = scale.y10(v.in_pence());
      const int64_t x10 = bars_left10 + static_cast<int64_t>(s) * bar10;
      o += "<rect x=\"" + px(x10) + "\" y=\"" + px(std::min(end10, zero10)) + "\" width=\"" +
           px(std::max<int64_t>(bar10 - 10, 10)) + "\" height=\"" + px(std::abs(zero10 - end10)) + "\" fill=\"" +
           kColours[s % kColourCount] + "\"><title>" +
           xml_escape(series.name + ", " + chart.categories[g] + ": " + pounds_label(v)) + "</title></rect>\n";
    }
    o += "<text x=\"" + px(slots.left10(g) + slots.slot10 / 2) + "\" y=\"" + std::to_string(kTop + kPlotH + 20) +
         "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#333333\">" + xml_escape(chart.categories[g]) + "</text>\n";
  }
}

// Dashed lines at marked dates, labelled at the top of the plot (one line of labels each, so
// labels of nearby dates do not overlap); a label near the right edge ends at its line.
void draw_markers(std::string& o, const BarChart& chart, const Slots& slots) {
  for (std::size_t i = 0; i < chart.markers.size(); ++i) {
    const ChartMarker& m = chart.markers[i];
    if (m.category >= chart.categories.size() || m.denominator <= 0) continue;
    const int64_t x10 = slots.left10(m.category) + slots.slot10 * m.numerator / m.denominator;
    o += "<line x1=\"" + px(x10) + "\" x2=\"" + px(x10) + "\" y1=\"" + std::to_string(kTop) + "\" y2=\"" +
         std::to_string(kTop + kPlotH) + "\" stroke=\"#555555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n";
    const bool right_half = x10 > (kLeft + kPlotW * 2 / 3) * 10;
    o += "<text x=\"" + px(right_half ? x10 - 40 : x10 + 40) + "\" y=\"" + std::to_string(kTop + 14 + 16 * static_cast<int64_t>(i)) +
         "\" font-size=\"12\"" + (right_half ? " text-anchor=\"end\"" : "") + " fill=\"#333333\">" + xml_escape(m.label) +
         "</text>\n";
  }
}

// One row of swatches under the axis title, wrapping when there are many series.
void draw_legend(std::string& o, const BarChart& chart) {
  int64_t lx = kLeft, ly = kTop + kPlotH + 72;
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
}

}  // namespace

std::string render_bar_chart_svg(const BarChart& chart) {
  Money largest = Money::zero(), smallest = Money::zero();
  for (const auto& s : chart.series) {
    for (Money v : s.values) {
      largest = max(largest, v);
      smallest = min(smallest, v);
    }
  }
  const Scale scale{nice_axis(smallest, largest)};
  const Slots slots{kPlotW * 10 / std::max<int64_t>(1, static_cast<int64_t>(chart.categories.size()))};

  std::string o;
  o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(kWidth) + "\" height=\"" +
       std::to_string(kHeight) + "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(kHeight) +
       "\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\"" + xml_escape(chart.title) + "\">\n";
  o += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  draw_titles(o, chart, scale);
  draw_bars(o, chart, scale, slots);
  draw_markers(o, chart, slots);
  draw_legend(o, chart);
  if (!chart.footnote.empty()) {
    o += "<text x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(kHeight - 12) +
         "\" font-size=\"11\" fill=\"#777777\">" + xml_escape(chart.footnote) + "</text>\n";
  }
  o += "</svg>\n";
  return o;
}

}  // namespace caremeter
