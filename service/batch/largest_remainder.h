// largest_remainder.h — rounding parts of a sum so that they add up to the sum rounded: the
// groups of a comparison, shown in whole pence, must add up to the county's figure exactly.
//
// Each part is rounded down, and the units still missing go to the parts with the largest
// remainders (ties: the earlier part), so every part shows within one unit of its exact value
// (rounded down or up) and the parts add up to the whole rounded half away from zero (the
// rounding of Exact::round_half_up). Works on int64_t and on big integers alike.
#pragma once

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

namespace caremeter {

// numerators[i] / denominator (denominator > 0) in whole units, adding up as described.
template <typename Int>
std::vector<Int> round_adding_up(const std::vector<Int>& numerators, const Int& denominator) {
  std::vector<Int> whole(numerators.size());
  std::vector<Int> remainder(numerators.size());
  Int sum = 0, floors = 0;
  for (std::size_t i = 0; i < numerators.size(); ++i) {
    Int q = numerators[i] / denominator;  // toward zero
    Int r = numerators[i] - q * denominator;
    if (r < 0) {  // to floor
      q -= 1;
      r += denominator;
    }
    whole[i] = q;
    remainder[i] = r;
    sum += numerators[i];
    floors += q;
  }
  // The whole, rounded half away from zero.
  const bool negative = sum < 0;
  const Int magnitude = negative ? Int(-sum) : sum;
  const Int rounded_magnitude = (magnitude * 2 + denominator) / (denominator * 2);
  const Int target = negative ? Int(-rounded_magnitude) : rounded_magnitude;
  std::vector<std::size_t> order(numerators.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  Int missing = target - floors;
  for (std::size_t k = 0; k < order.size() && missing > 0; ++k, missing -= 1) whole[order[k]] += 1;
  return whole;
}

}  // namespace caremeter
