// county_draw.h — what the synthetic county's two parts share (county_generator.cc, the county
// model; county_generator_law.cc, the charging law it leaves out): the random stream, the
// integer roundings, a drawn care record and the writing of money and dates. Internal to the
// generator: nothing here touches floating point, so the bytes cannot depend on the machine.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/person.h"

namespace caremeter::county {

__extension__ using U128 = unsigned __int128;

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// A quantile table: at cumulative probability u (parts per million) the value is `value`;
// between points the value is interpolated linearly. The first point has u = 0 and the last
// u = 1,000,000.
struct QuantilePoint {
  int64_t u_ppm;
  int64_t value;
};

constexpr int64_t kMillion = 1'000'000;

// xoshiro256** (Blackman and Vigna), one independent stream per person.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream) {
    uint64_t sm = seed;
    uint64_t mixed = splitmix64(sm) ^ (stream * 0xd1342543de82ef95ULL + 0x632be59bd9b4e019ULL);
    for (auto& word : s_) word = splitmix64(mixed);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n): the high 64 bits of next() × n (bias below 2^-40 for our n).
  int64_t below(int64_t n) {
    return static_cast<int64_t>((static_cast<U128>(next()) * static_cast<uint64_t>(n)) >> 64);
  }
  // Uniform in [lo, hi], both included.
  int64_t between(int64_t lo, int64_t hi) { return lo + below(hi - lo + 1); }
  bool chance(int64_t ppm) { return below(kMillion) < ppm; }

  template <std::size_t N>
  int64_t quantile(const std::array<QuantilePoint, N>& table) {
    const int64_t u = below(kMillion);
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const QuantilePoint& a = table[i];
      const QuantilePoint& b = table[i + 1];
      if (u < b.u_ppm) return a.value + (b.value - a.value) * (u - a.u_ppm) / (b.u_ppm - a.u_ppm);
    }
    return table[N - 1].value;
  }

  template <std::size_t N>
  std::size_t pick(const std::array<int64_t, N>& weights) {
    int64_t total = 0;
    for (int64_t w : weights) total += w;
    int64_t r = below(total);
    for (std::size_t i = 0; i < N; ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return N - 1;
  }

 private:
  std::array<uint64_t, 4> s_{};
};

// The upper capital limit under current law: who arranges a care-home place.
inline constexpr int64_t kUpperCapitalLimit = 2'325'000;

// value × bp / 10,000, half up (values are non-negative).
inline int64_t scale_bp(int64_t value, int64_t bp) { return (value * bp + 5'000) / 10'000; }
// Rounds pence to whole pounds, half up.
inline int64_t whole_pounds(int64_t pence) { return (pence + 50) / 100 * 100; }

inline Date day_between(Rng& rng, Date lo, Date hi) { return lo + Days(rng.between(0, (hi - lo).count())); }

struct CareSegment {
  Date from;
  Date to;  // Date::max() = open
  Setting setting = Setting::kCareHome;
  CareHomeCategory category = CareHomeCategory::kResidential;
  Stay stay = Stay::kPermanent;
  ArrangedBy arranged_by = ArrangedBy::kCouncil;
  int64_t hours = 0;  // hundredths, home_care
  std::optional<int64_t> personal_budget;
  std::optional<int64_t> weekly_fee;
  // --law-2026 only (written only when set).
  bool fee_includes_fnc = false;
  bool fnc_higher = false;
  bool night_care = false;
};

// ---- Writing (fixed key order, compact). ---------------------------------------------------

inline void put_money(std::string& out, int64_t pence) {
  out += '"';
  out += to_string(Money::pence(pence));
  out += '"';
}
inline void put_date(std::string& out, Date d) {
  if (d == Date::max()) {
    out += "null";
    return;
  }
  out += '"';
  out += to_string(d);
  out += '"';
}

}  // namespace caremeter::county
