// plain_test.cc — the plain-English reading (`why`, engine/calc/plain.cc): one case for every
// kind of sentence (every PlainReason, and the variants of its words), each with the sentence
// written out and its figures worked by hand in the comment; money and dates as families read
// them; sentences merged over adjacent periods; and none of them in jargon.
#include "caremeter/calc/plain_english.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "law_fixtures.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::england_rules;

Date D(const char* s) { return *parse_date(s); }
Money M(const char* s) { return *parse_money(s); }

// ---- people ------------------------------------------------------------------------------------

Json care_home(const char* from, const char* budget, const char* by = "council") {
  return {{"from", from}, {"setting", "care_home"}, {"category", "residential"}, {"stay", "permanent"},
          {"arranged_by", by}, {"personal_budget", budget}};
}
Json home_care(const char* from, const char* budget, const char* by = "council") {
  return {{"from", from}, {"setting", "home_care"}, {"hours_per_week", "10"}, {"arranged_by", by},
          {"personal_budget", budget}};
}
Json finances(const char* from, const char* savings, const char* pension = "221.20") {
  return {{"from", from}, {"savings", savings}, {"income", {{{"type", "state_pension"}, {"weekly", pension}}}}};
}
// A single pensioner (born 1 July 1940) with one care record and one finances record.
Json person(Json care, Json fin) {
  return {{"id", "T-PLAIN"},
          {"birth_date", "1940-07-01"},
          {"household", {{"type", "single"}}},
          {"needs", {{{"from", care["from"]}}}},
          {"care", {care}},
          {"finances", {fin}}};
}

struct Ask {
  const char* as_of;
  Json scenario = "current-law";
  CapitalMode capital = CapitalMode::kAssessed;
};

Result<AccountResult> calculate_plain(const Json& doc, const Ask& ask, const RuleSet& rules = england_rules()) {
  auto p = person_from_json(doc);
  if (!p) return std::move(p).error();
  auto s = scenario_from_json(ask.scenario, rules, "/scenario");
  if (!s) return std::move(s).error();
  CalculationRequest req;
  req.as_of = D(ask.as_of);
  req.plain = true;
  req.capital = ask.capital;
  req.unpublished = Unpublished::kCarryForward;  // the sentences, not what is published, are tested
  return calculate(*p, rules, *s, req);
}

std::string listed(const std::vector<PlainSentence>& why) {
  std::string out;
  for (const PlainSentence& s : why) {
    out += "\n  " + to_string(s.days.first) + ".." + to_string(s.days.last) + " " + kPlainReasonNames.name(s.reason) +
           ": " + s.text;
  }
  return out;
}

// ---- one case a kind of sentence ---------------------------------------------------------------

// The shipped rules, or with the figures only newer law needs (NHS-funded nursing care, …), or
// with those and example-shire giving a fresh 12 weeks at its discretion.
// kLastYear: england/2025-04, whose councils' rates stay as in 2025/26 (cases worked by hand
// across April 2026 with them).
enum class Rules { kShipped, kLastYear, kNewFigures, kNewFiguresAndDiscretion };

const RuleSet& rules_for(Rules which) {
  static const RuleSet shipped = england_rules();
  static const RuleSet& last_year = england_rules("2025-04");
  static const RuleSet new_figures = law_test::england_with_new_figures();
  static const RuleSet discretion = [] {
    RuleSet r = law_test::england_with_new_figures();
    law_test::set_council_option(r, "example-shire", CouncilParam::kFreshPropertyDisregardDiscretionary, "2015-04-01", 1);
    return r;
  }();
  switch (which) {
    case Rules::kShipped: return shipped;
    case Rules::kLastYear: return last_year;
    case Rules::kNewFigures: return new_figures;
    case Rules::kNewFiguresAndDiscretion: return discretion;
  }
  return shipped;
}

struct SentenceCase {
  const char* name;
  Json person;
  Ask ask;
  PlainReason reason;
  std::string sentence;
  Rules rules = Rules::kShipped;
};

std::vector<SentenceCase> sentence_cases() {
  std::vector<SentenceCase> cases;
  auto add = [&](const char* name, Json p, Ask ask, PlainReason reason, std::string sentence,
                 Rules rules = Rules::kShipped) {
    cases.push_back(SentenceCase{name, std::move(p), std::move(ask), reason, std::move(sentence), rules});
  };

  // -- Nothing charged --
  {
    Json p = person(care_home("2024-05-01", "800.00"), finances("2024-05-01", "5000.00"));
    p["exclusions"] = {{{"from", "2024-06-01"}, {"to", "2024-06-30"}, {"reason", "nhs_continuing_healthcare"}}};
    add("NhsContinuingHealthcare", p, {"2024-07-31"}, PlainReason::kNhsContinuingHealthcare,
        "From 1 June 2024 to 30 June 2024 the NHS pays for all of your care (NHS continuing healthcare), so you pay "
        "nothing for it.");
  }
  {
    // Under the reform (from 1 October 2025) excluded days meter nothing either.
    Json p = person(care_home("2025-10-01", "800.00"), finances("2025-10-01", "5000.00"));
    p["exclusions"] = {{{"from", "2026-01-01"}, {"to", "2026-01-31"}, {"reason", "s117_aftercare"}}};
    add("S117Aftercare", p, {"2026-03-31", "reform-2025-10"}, PlainReason::kS117Aftercare,
        "From 1 January 2026 to 31 January 2026 your care is free aftercare under section 117 of the Mental Health "
        "Act 1983, so you pay nothing for it. Nothing counts toward the cap for these days.");
  }
  {
    Json p = person(home_care("2024-05-01", "300.00"), finances("2024-05-01", "5000.00"));
    p["exclusions"] = {{{"from", "2024-05-01"}, {"to", nullptr}, {"reason", "free_reablement"}}};
    add("FreeReablementOpenEnded", p, {"2024-07-31"}, PlainReason::kFreeReablement,
        "From 1 May 2024 your care is free reablement, short-term care to help you manage on your own again, so you "
        "pay nothing for it.");
  }
  {
    Json p = person(care_home("2024-05-01", "800.00"), finances("2024-05-01", "5000.00"));
    p["death_date"] = "2024-06-15";
    add("Death", p, {"2024-07-31"}, PlainReason::kDeath, "Charges end on 15 June 2024, the date of death.");
  }
  {
    Json p = person(care_home("2025-10-01", "700.00", "self"), finances("2025-10-01", "300000.00"));
    p["death_date"] = "2026-03-15";
    add("DeathUnderTheReform", p, {"2026-12-31", "reform-2025-10"}, PlainReason::kDeath,
        "Charges end on 15 March 2026, the date of death. Nothing counts toward the cap after it.");
  }

  // -- The personal budget and the fee --
  add("PersonalBudgetGiven", person(care_home("2024-05-01", "800.00"), finances("2024-05-01", "5000.00")),
      {"2024-07-31"}, PlainReason::kPersonalBudgetGiven,
      "Your personal budget, the cost of meeting your needs, is £800.00 a week.");
  {
    // Example-shire's residential rate from 1 April 2025 is £1,030.00 a week.
    Json care = care_home("2025-05-01", "0");
    care.erase("personal_budget");
    Json p = person(care, finances("2025-05-01", "5000.00"));
    p["needs"][0]["council"] = "example-shire";
    add("CouncilCareHomeRate", p, {"2025-07-31"}, PlainReason::kCouncilCareHomeRate,
        "Your personal budget, the cost of meeting your needs, is £1,030.00 a week: the rate Example-shire County "
        "Council (illustrative) pays for residential care.");
  }
  {
    // 12.5 hours × £24.10 (Example-shire's hourly rate from 1 April 2025) = £301.25.
    Json care = home_care("2025-05-01", "0");
    care.erase("personal_budget");
    care["hours_per_week"] = "12.5";
    Json p = person(care, finances("2025-05-01", "5000.00"));
    p["needs"][0]["council"] = "example-shire";
    add("HomeCareHours", p, {"2025-07-31"}, PlainReason::kHomeCareHours,
        "Your personal budget, the cost of meeting your needs, is £301.25 a week: 12.5 hours of home care at £24.10 "
        "an hour, the rate Example-shire County Council (illustrative) pays.");
  }
  {
    // A move from Leeds to Example-shire on 1 March 2025, the same care record: Leeds's rate as it
    // stood on 28 February 2025 goes on (Care Act 2014 ss37–38).
    Json care = home_care("2024-06-01", "0");
    care.erase("personal_budget");
    Json p = person(care, finances("2024-06-01", "120000.00"));
    p["needs"] = {{{"from", "2024-06-01"}, {"to", "2025-02-28"}, {"council", "leeds"}},
                  {{"from", "2025-03-01"}, {"council", "example-shire"}}};
    add("PreviousCouncilRates", p, {"2025-03-31"}, PlainReason::kPreviousCouncilRates,
        "You moved to the area of Example-shire County Council (illustrative): until it assesses your needs again, "
        "your personal budget is worked out at the rate Leeds City Council paid on 28 February 2025.");
  }
  {
    // Fee £1,200.00, budget £850.00: £350.00 above it, the person's own (self-arranged).
    Json care = care_home("2024-05-01", "850.00", "self");
    care["weekly_fee"] = "1200.00";
    add("OwnTopUp", person(care, finances("2024-05-01", "60000.00")), {"2024-07-31"}, PlainReason::kOwnTopUp,
        "Your care costs £1,200.00 a week, £350.00 more than your personal budget: you pay this top-up yourself.");
    add("OwnTopUpUnderTheReform", person(care, finances("2024-05-01", "60000.00")), {"2025-12-31", "reform-2025-10"},
        PlainReason::kOwnTopUp,
        "Your care costs £1,200.00 a week, £350.00 more than your personal budget: you pay this top-up yourself, and "
        "it never counts toward the cap.");
  }
  {
    // Fee £1,000.00, budget £850.00, arranged by the council: £150.00 paid by a third party.
    Json care = care_home("2024-05-01", "850.00");
    care["weekly_fee"] = "1000.00";
    add("ThirdPartyTopUp", person(care, finances("2024-05-01", "12000.00")), {"2024-07-31"},
        PlainReason::kThirdPartyTopUp,
        "Your care costs £1,000.00 a week, £150.00 more than your personal budget: someone else, such as a relative, "
        "pays this top-up.");
  }

  // -- The home --
  {
    // After the 12 weeks from 1 May 2024 (to 23 July): £200,000 less £50,000 secured on it.
    Json fin = finances("2024-05-01", "5000.00");
    fin["home"] = {{"value", "200000.00"}, {"secured_debt", "50000.00"}, {"qualifying_relative_lives_there", false}};
    add("HomeCountedLessDebt", person(care_home("2024-05-01", "700.00"), fin), {"2024-09-30"},
        PlainReason::kHomeCounted,
        "Your home counts as capital: £150,000.00, its value (£200,000.00) less the debt secured on it (£50,000.00).");
    fin["home"]["secured_debt"] = "0.00";
    add("HomeCounted", person(care_home("2024-05-01", "700.00"), fin), {"2024-09-30"}, PlainReason::kHomeCounted,
        "Your home counts as capital: its value of £200,000.00.");
    fin["home"]["secured_debt"] = "250000.00";
    add("HomeInNegativeEquity", person(care_home("2024-05-01", "700.00"), fin), {"2024-09-30"},
        PlainReason::kHomeCounted,
        "Your home adds nothing to your capital: the debt secured on it (£250,000.00) is not less than its value "
        "(£200,000.00).");
    fin["home"]["secured_debt"] = "0.00";
    add("HomeNotCountedOutsideACareHome", person(home_care("2024-05-01", "300.00"), fin), {"2024-07-31"},
        PlainReason::kHomeNotCountedOutsideCareHome,
        "Your home is not counted, because you get your care outside a care home.");
    Json temporary = care_home("2024-05-01", "700.00");
    temporary["stay"] = "temporary";
    add("HomeNotCountedTemporaryStay", person(temporary, fin), {"2024-07-31"},
        PlainReason::kHomeNotCountedTemporaryStay,
        "Your home is not counted, because your stay in the care home is temporary.");
    fin["home"]["qualifying_relative_lives_there"] = true;
    add("HomeNotCountedRelativeLivesThere", person(care_home("2024-05-01", "700.00"), fin), {"2024-07-31"},
        PlainReason::kHomeNotCountedRelativeLivesThere,
        "Your home is not counted, because a partner or close relative still lives there.");
    fin["home"]["qualifying_relative_lives_there"] = false;
    fin["from"] = "2026-01-01";
    // 84 days from 1 January 2026: 31 of January, 28 of February, 25 of March.
    add("HomeNotCountedFirst12Weeks", person(care_home("2026-01-01", "700.00"), fin), {"2026-02-28"},
        PlainReason::kHomeNotCountedFirst12Weeks, "Your home is not counted for the first 12 weeks, until 25 March 2026.");
  }
  {
    // Stay 1: 1 May to 30 June 2024 (61 days); back on 1 October, within 52 weeks: 84 − 61 = 23 days
    // are left, 1 to 23 October.
    Json p = person(care_home("2024-05-01", "800.00"), finances("2024-05-01", "10000.00"));
    p["care"][0]["to"] = "2024-06-30";
    p["care"].push_back(care_home("2024-10-01", "800.00"));
    p["finances"][0]["home"] = {{"value", "180000.00"}, {"secured_debt", "0.00"}, {"qualifying_relative_lives_there", false}};
    add("HomeNotCountedWhatIsLeftOf12Weeks", p, {"2024-11-30"}, PlainReason::kHomeNotCountedFirst12Weeks,
        "Your home is not counted until 23 October 2024, within the first 12 weeks of your permanent stay in a care "
        "home.");
  }

  // -- Capital and income --
  add("CapitalAboveUpperLimitSelfArranged", person(care_home("2024-05-01", "700.00", "self"), finances("2024-05-01", "38000.00")),
      {"2024-07-31"}, PlainReason::kCapitalAboveUpperLimit,
      "You pay the full fee because your capital (£38,000.00) is above the upper limit (£23,250.00).");
  add("CapitalAboveUpperLimitCouncilArranged", person(care_home("2024-05-01", "700.00"), finances("2024-05-01", "38000.00")),
      {"2024-07-31"}, PlainReason::kCapitalAboveUpperLimit,
      "You pay the full cost of your care (£700.00 a week) because your capital (£38,000.00) is above the upper limit "
      "(£23,250.00).");
  // (20,000 − 14,250) / 250 = 23 steps of £1.00.
  add("TariffIncome", person(care_home("2024-05-01", "700.00"), finances("2024-05-01", "20000.00")), {"2024-07-31"},
      PlainReason::kTariffIncome,
      "Your capital (£20,000.00) is between the lower limit (£14,250.00) and the upper limit (£23,250.00), so it "
      "counts as £23.00 a week of income: £1.00 for every £250.00, or part of £250.00, above the lower limit.");
  add("CapitalAtOrBelowLowerLimit", person(care_home("2024-05-01", "700.00"), finances("2024-05-01", "10000.00")),
      {"2024-07-31"}, PlainReason::kCapitalAtOrBelowLowerLimit,
      "Your capital (£10,000.00) is not above the lower limit (£14,250.00), so it does not count toward what you pay.");
  // 221.20 + 23.00 − 30.15 (the 2024/25 personal expenses allowance) = 214.05.
  add("IncomeLessPersonalExpenses", person(care_home("2024-05-01", "700.00"), finances("2024-05-01", "20000.00")),
      {"2024-07-31"}, PlainReason::kIncomeLessPersonalExpenses,
      "The financial assessment asks you to pay £214.05 a week: your income (£221.20 a week) and £23.00 a week counted "
      "from your capital, less the £30.15 a week you keep for personal expenses.");
  add("IncomeNotMoreThanPersonalExpenses",
      person(care_home("2024-05-01", "700.00"), finances("2024-05-01", "0.00", "20.00")), {"2024-07-31"},
      PlainReason::kIncomeLessPersonalExpenses,
      "The financial assessment asks you to pay nothing toward your care: your income (£20.00 a week) is not more "
      "than the £30.15 a week you keep for personal expenses.");
  // min(700.00, 900.00 − 30.15) = 700.00.
  add("IncomeCoversTheFullCost", person(care_home("2024-05-01", "700.00"), finances("2024-05-01", "0.00", "900.00")),
      {"2024-07-31"}, PlainReason::kIncomeLessPersonalExpenses,
      "The financial assessment asks you to pay the full cost of your care (£700.00 a week), which is no more than "
      "your income (£900.00 a week) less the £30.15 a week you keep for personal expenses.");
  {
    // At home, 2024/25: the minimum income guarantee for a single person over pension-credit age
    // is £228.70, with housing costs £10.00 and disability-related costs £20.00: £258.70 kept;
    // 221.20 − 258.70 < 0, so nothing; with a pension of £400.00: 400.00 − 258.70 = 141.30.
    Json fin = finances("2024-05-01", "0.00", "400.00");
    fin["housing_costs"] = "10.00";
    fin["disability_related_expenditure"] = "20.00";
    add("MinimumIncomeGuarantee", person(home_care("2024-05-01", "300.00"), fin), {"2024-07-31"},
        PlainReason::kMinimumIncomeGuarantee,
        "The financial assessment asks you to pay £141.30 a week: what your income (£400.00 a week) comes to above the "
        "£258.70 a week you keep to live on (the minimum income guarantee for your age and household, £228.70, with "
        "£10.00 for housing costs and £20.00 for disability-related costs).");
    add("IncomeNotAboveTheMinimumIncomeGuarantee",
        person(home_care("2024-05-01", "300.00"), finances("2024-05-01", "0.00", "200.00")), {"2024-07-31"},
        PlainReason::kMinimumIncomeGuarantee,
        "The financial assessment asks you to pay nothing toward your care: your income (£200.00 a week) is not more "
        "than the £228.70 a week you keep to live on (the minimum income guarantee for your age and household).");
  }

  // -- Capital spent on care --
  {
    // Council-arranged, £800.00 a week, income 221.20 less 30.15 = 191.05: capital pays 608.95 a
    // week, 86.992857 a day; £750.00 above the limit takes 9 days (8.62 rounded up), so from
    // 10 May 2024 capital (£23,217.06) is at or below £23,250.00.
    add("CapitalFallsToTheUpperLimit", person(care_home("2024-05-01", "800.00"), finances("2024-05-01", "24000.00")),
        {"2024-06-30", "current-law", CapitalMode::kSpendDown}, PlainReason::kCapitalFallsToUpperLimit,
        "As you spend it on your care, your capital falls to the upper limit (£23,250.00) by 10 May 2024.");
    // £14,300: one £250 step above the lower limit, £1.00 a week of tariff income, which is all
    // capital pays (the charge is income + 1.00 − allowance): £50.00 at 1/7 a day takes 350 days,
    // so on day 351, 16 April 2025, capital is £14,250.00.
    add("CapitalFallsToTheLowerLimit", person(care_home("2024-05-01", "800.00"), finances("2024-05-01", "14300.00")),
        {"2025-06-30", "current-law", CapitalMode::kSpendDown}, PlainReason::kCapitalFallsToLowerLimit,
        "As you spend it on your care, your capital falls to the lower limit (£14,250.00) by 16 April 2025, and from "
        "then it is not counted.");
    // Self-arranged at £770.00 for a £700.00 budget: the £70.00 top-up is all capital pays (the
    // charge is within income), £10.00 a day; £1,000.00 lasts 100 days, so from 9 August 2024 the
    // top-up falls to someone else (income still pays the charge).
    Json care = care_home("2024-05-01", "700.00", "self");
    care["weekly_fee"] = "770.00";
    add("CapitalRunsOut", person(care, finances("2024-05-01", "1000.00")),
        {"2024-09-30", "current-law", CapitalMode::kSpendDown}, PlainReason::kCapitalRunsOut,
        "Your capital has run out by 9 August 2024: from then you pay only what your income allows, and someone "
        "else, such as a relative, has to pay your top-up (£70.00 a week).");
  }

  // -- The reform --
  {
    Json yusuf = person(care_home("2023-10-01", "700.00", "self"), finances("2023-10-01", "250000.00"));
    yusuf["care"][0]["weekly_fee"] = "700.00";
    add("BeforeReform", yusuf, {"2025-12-31", "reform-2025-10"}, PlainReason::kBeforeReform,
        "Nothing counts toward the cap before the reform starts on 1 October 2025.");
    add("DailyLivingCosts", yusuf, {"2025-09-30", "reform-2023-10"}, PlainReason::kDailyLivingCosts,
        "Under the reform, £200.00 a week of your care home's cost is for daily living costs, such as food and energy "
        "bills, which never count toward the cap.");
    // The fee £700.00 less £200.00 daily living costs.
    add("MeteredSelfFunder", yusuf, {"2025-09-30", "reform-2023-10"}, PlainReason::kMeteredSelfFunder,
        "Under the reform, £500.00 a week counts toward the £86,000.00 cap: the fee less £200.00 for daily living "
        "costs.");
    // 172 weeks of £500.00 from 1 October 2023: 1,204 days, the last 16 January 2027.
    add("ProjectedCapDate", yusuf, {"2025-09-30", "reform-2023-10"}, PlainReason::kProjectedCapDate,
        "At £500.00 a week, you would reach the £86,000.00 cap on about 16 January 2027.");
    add("AfterCapWithoutACrossingDayOfItsOwn", yusuf, {"2027-03-31", "reform-2023-10"}, PlainReason::kAfterCap,
        "You reached the £86,000.00 cap on 16 January 2027: from then you pay only £200.00 a week, toward daily "
        "living costs, and the council pays the rest of the cost of your care.");
    add("CapitalAboveUpperLimitAfterTheCap", yusuf, {"2027-03-31", "reform-2023-10"},
        PlainReason::kCapitalAboveUpperLimit,
        "Your capital (£250,000.00) is above the upper limit (£100,000.00), so without the cap you would pay the full "
        "cost of your care.");
  }
  {
    // At home (no daily living costs) a self-funder's whole budget meters: £262.50 a week.
    add("MeteredSelfFunderAtHome", person(home_care("2025-10-01", "262.50", "self"), finances("2025-10-01", "120000.00")),
        {"2025-12-31", "reform-2025-10"}, PlainReason::kMeteredSelfFunder,
        "Under the reform, £262.50 a week counts toward the £86,000.00 cap: all of the fee, as nothing is taken off "
        "for daily living costs outside a care home.");
  }
  {
    // Example-shire's residential rate £1,030.00; capital £30,000 between the reform's limits
    // (£20,000 / £100,000): (30,000 − 20,000) / 250 = 40 steps; the charge 221.20 + 40.00 − 30.65
    // (2025/26) = 230.55, of which 200.00 is daily living costs: 30.55 meters. With £20,000:
    // 221.20 − 30.65 = 190.55, all daily living costs.
    Json care = care_home("2025-10-01", "0");
    care.erase("personal_budget");
    Json p = person(care, finances("2025-10-01", "30000.00"));
    p["needs"][0]["council"] = "example-shire";
    add("MeteredCouncilCharge", p, {"2025-12-31", "reform-2025-10"}, PlainReason::kMeteredCouncilCharge,
        "Under the reform, £30.55 a week counts toward the £86,000.00 cap: what you are charged (£230.55 a week) less "
        "£200.00 for daily living costs; what the council pays does not count.");
    // Under meter_full_cost: 1,030.00 − 200.00 = 830.00, whoever pays.
    add("MeteredFullCost", p, {"2025-12-31", Json{{"base", "reform-2025-10"}, {"parameters", {{"reform.meter_full_cost", true}}}}},
        PlainReason::kMeteredFullCost,
        "Under this reform, £830.00 a week counts toward the £86,000.00 cap whoever pays: the cost of meeting your "
        "needs (£1,030.00) less £200.00 for daily living costs.");
    p["finances"][0]["savings"] = "20000.00";
    add("NothingMeteredWhenTheChargeIsAllDailyLivingCosts", p, {"2025-12-31", "reform-2025-10"},
        PlainReason::kMeteredCouncilCharge,
        "Under the reform, nothing counts toward the £86,000.00 cap: all you are charged (£190.55 a week) goes to "
        "daily living costs (£200.00), and what the council pays does not count.");
  }
  {
    // At home: 400.00 − 232.60 (the 2025/26 guarantee) = 167.40 charged and metered.
    add("MeteredCouncilChargeAtHome", person(home_care("2025-10-01", "300.00"), finances("2025-10-01", "0.00", "400.00")),
        {"2025-12-31", "reform-2025-10"}, PlainReason::kMeteredCouncilCharge,
        "Under the reform, £167.40 a week counts toward the £86,000.00 cap: what you are charged; what the council "
        "pays does not count.");
  }
  {
    // Budget £1,030.00 (Example-shire's 2025/26 rate, held: rules 2025-04), fee £1,100.00, self-arranged: 830.00 a week meters;
    // 86,000 / (830 / 7) = 725.3 days, so the cap is reached part-way through day 726,
    // 26 September 2027; after it, £200.00 daily living costs and the £70.00 top-up.
    Json care = care_home("2025-10-01", "0", "self");
    care.erase("personal_budget");
    care["weekly_fee"] = "1100.00";
    Json p = person(care, finances("2025-10-01", "500000.00"));
    p["needs"][0]["council"] = "example-shire";
    add("CapReached", p, {"2027-12-31", "reform-2025-10"}, PlainReason::kCapReached,
        "You reach the £86,000.00 cap on 26 September 2027.", Rules::kLastYear);
    add("AfterCap", p, {"2027-12-31", "reform-2025-10"}, PlainReason::kAfterCap,
        "You reached the £86,000.00 cap on 26 September 2027: from then you pay only £200.00 a week, toward daily "
        "living costs, and your top-up, and the council pays the rest of the cost of your care.",
        Rules::kLastYear);
  }
  {
    // At home, a £7,000.00 cap: £700.00 a week meters, 70 days, the last 9 December 2025.
    add("AfterCapAtHome", person(home_care("2025-10-01", "700.00", "self"), finances("2025-10-01", "150000.00")),
        {"2026-01-31", Json{{"base", "reform-2025-10"}, {"parameters", {{"reform.cap", {{{"from", "2025-10-01"}, {"value", "7000.00"}}}}}}}},
        PlainReason::kAfterCap,
        "You reached the £7,000.00 cap on 9 December 2025: from then the council pays for your care.");
  }
  // -- Newer law: a home owned in shares, a fee below the budget, nursing care funding, a relative who left --
  {
    // Owned with one other: the person's equal share, 200,000.00 / 2, counts after the 12 weeks.
    Json fin = finances("2024-05-01", "5000.00");
    fin["home"] = {{"value", "200000.00"}, {"secured_debt", "0.00"}, {"qualifying_relative_lives_there", false},
                   {"owners", 2}};
    add("HomeCountedShare", person(care_home("2024-05-01", "700.00"), fin), {"2024-09-30"}, PlainReason::kHomeCounted,
        "Your share of your home counts as capital: £100,000.00, one of 2 equal shares of its value (£200,000.00).");
  }
  {
    // Council-arranged at £650.00 a week against a £700.00 budget: B is the fee (Care Act s14(4)).
    Json care = care_home("2024-05-01", "700.00");
    care["weekly_fee"] = "650.00";
    add("PersonalBudgetLimitedToFee", person(care, finances("2024-05-01", "5000.00")), {"2024-07-31"},
        PlainReason::kPersonalBudgetLimitedToFee,
        "Your care costs the council £650.00 a week, less than that, and it can charge you only for what it pays: so "
        "£650.00 a week is used.");
  }
  {
    // A gross nursing fee of £1,200.00 in 2025/26, when the standard FNC rate is £254.06:
    // 1,200.00 − 254.06 = 945.94 is the fee the person and council see.
    Json care = care_home("2025-05-01", "1000.00", "self");
    care["category"] = "nursing";
    care["weekly_fee"] = "1200.00";
    care["weekly_fee_includes_fnc"] = true;
    add("NhsNursingCare", person(care, finances("2025-05-01", "150000.00")), {"2025-06-30"},
        PlainReason::kNhsNursingCare,
        "The NHS pays £254.06 a week toward your nursing care, straight to the home: of the home's fee of £1,200.00, "
        "£945.94 a week is left to pay.",
        Rules::kNewFigures);
  }
  {
    // The partner who lived there died; the new finances record from 1 September 2024 starts a
    // fresh 12 weeks: 84 days, 1 September to 23 November 2024.
    Json before = finances("2024-05-01", "5000.00");
    before["home"] = {{"value", "200000.00"}, {"secured_debt", "0.00"}, {"qualifying_relative_lives_there", true}};
    Json after = finances("2024-09-01", "5000.00");
    after["home"] = {{"value", "200000.00"},
                     {"secured_debt", "0.00"},
                     {"qualifying_relative_lives_there", false},
                     {"relative_left_reason", "died"},
                     {"relative_lived_there_before_admission", true}};
    Json p = person(care_home("2024-05-01", "700.00"), before);
    p["finances"].push_back(after);
    add("HomeNotCountedRelativeLeft", p, {"2024-10-31"}, PlainReason::kHomeNotCountedRelativeLeft,
        "Your home is not counted until 23 November 2024, 12 weeks from when the relative who lived there died.",
        Rules::kNewFigures);
    // Left for another reason: only a council that uses its discretion gives the 12 weeks.
    p["finances"][1]["home"]["relative_left_reason"] = "other";
    p["needs"][0]["council"] = "example-shire";
    add("HomeNotCountedCouncilDiscretion", p, {"2024-10-31"}, PlainReason::kHomeNotCountedCouncilDiscretion,
        "Your home is not counted until 23 November 2024: " +
            rules_for(Rules::kShipped).councils.at("example-shire").name +
            " gives 12 weeks from when the relative who lived there left.",
        Rules::kNewFiguresAndDiscretion);
  }
  return cases;
}

class Sentence : public ::testing::TestWithParam<SentenceCase> {};

TEST_P(Sentence, IsWrittenOutAsTheFamilyReadsIt) {
  const SentenceCase& c = GetParam();
  auto result = calculate_plain(c.person, c.ask, rules_for(c.rules));
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  bool found = false;
  for (const PlainSentence& s : result->why) found = found || (s.reason == c.reason && s.text == c.sentence);
  EXPECT_TRUE(found) << "expected (" << kPlainReasonNames.name(c.reason) << "): " << c.sentence << "\ngot:"
                     << listed(result->why);
}

INSTANTIATE_TEST_SUITE_P(EveryKind, Sentence, ::testing::ValuesIn(sentence_cases()),
                         [](const ::testing::TestParamInfo<SentenceCase>& info) { return std::string(info.param.name); });

TEST(Plain, EveryKindOfSentenceHasItsCase) {
  std::set<PlainReason> covered{PlainReason::kStatementAdjustment};  // StatementAdjustment below
  for (const SentenceCase& c : sentence_cases()) covered.insert(c.reason);
  for (const auto& named : kPlainReasonNames) EXPECT_TRUE(covered.count(named.value)) << named.name << " has no case";
}

TEST(Plain, StatementAdjustment) {
  // 26,142.86 shown; 29,802.86 worked out again: 3,660.00 more; the other way, 3,660.00 less.
  EXPECT_EQ(statement_adjustment_sentence(D("2024-09-30"), M("26142.86"), M("29802.86")).text,
            "Your last statement showed £26,142.86 counted toward the cap by 30 September 2024; worked out again now "
            "it is £29,802.86, so this statement adds £3,660.00.");
  EXPECT_EQ(statement_adjustment_sentence(D("2024-09-30"), M("29802.86"), M("26142.86")).text,
            "Your last statement showed £29,802.86 counted toward the cap by 30 September 2024; worked out again now "
            "it is £26,142.86, so this statement takes off £3,660.00.");
  PlainSentence same = statement_adjustment_sentence(D("2024-09-30"), M("500.00"), M("500.00"));
  EXPECT_EQ(same.text,
            "Your last statement showed £500.00 counted toward the cap by 30 September 2024, and worked out again now "
            "that figure is the same.");
  EXPECT_EQ(same.reason, PlainReason::kStatementAdjustment);
  EXPECT_EQ(same.days, (DateRange{D("2024-09-30"), D("2024-09-30")}));
}

// ---- money, dates, figures, merging ------------------------------------------------------------

TEST(Plain, MoneyAndDatesAsFamiliesReadThem) {
  EXPECT_EQ(in_pounds(M("0.00")), "£0.00");
  EXPECT_EQ(in_pounds(M("999.99")), "£999.99");
  EXPECT_EQ(in_pounds(M("1000.00")), "£1,000.00");
  EXPECT_EQ(in_pounds(M("23250.00")), "£23,250.00");
  EXPECT_EQ(in_pounds(M("1234567.89")), "£1,234,567.89");
  EXPECT_EQ(in_pounds(Money::zero() - M("3660.00")), "-£3,660.00");
  EXPECT_EQ(in_words(D("2026-03-25")), "25 March 2026");
  EXPECT_EQ(in_words(D("2024-02-29")), "29 February 2024");
  EXPECT_EQ(in_words(D("2027-01-01")), "1 January 2027");
}

TEST(Plain, EachSentenceCarriesItsFiguresAndDays) {
  auto r = calculate_plain(person(care_home("2024-05-01", "700.00", "self"), finances("2024-05-01", "38000.00")),
                           {"2024-07-31"});
  ASSERT_TRUE(r.ok());
  const PlainSentence* above = nullptr;
  for (const PlainSentence& s : r->why) {
    if (s.reason == PlainReason::kCapitalAboveUpperLimit) above = &s;
  }
  ASSERT_NE(above, nullptr) << listed(r->why);
  EXPECT_EQ(above->days, (DateRange{D("2024-05-01"), D("2024-07-31")}));
  using Figures = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(above->figures, (Figures{{"capital", "38000.00"}, {"upper_capital_limit", "23250.00"}}));
}

TEST(Plain, TheSameSentenceOverAdjacentPeriodsIsGivenOnce) {
  // The personal expenses allowance changes on 8 April 2024 (28.25 → 30.15), so the charge does
  // and there are two periods; the budget's sentence is the same in both and is given once.
  auto r = calculate_plain(person(care_home("2024-03-01", "700.00"), finances("2024-03-01", "5000.00")), {"2024-06-30"});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->periods.size(), 2u);
  int budget = 0, charge = 0;
  for (const PlainSentence& s : r->why) {
    if (s.reason == PlainReason::kPersonalBudgetGiven) {
      ++budget;
      EXPECT_EQ(s.days, (DateRange{D("2024-03-01"), D("2024-06-30")}));
    }
    if (s.reason == PlainReason::kIncomeLessPersonalExpenses) ++charge;
  }
  EXPECT_EQ(budget, 1) << listed(r->why);
  EXPECT_EQ(charge, 2) << listed(r->why);
}

TEST(Plain, ACapRaisedWithinAPeriodIsNamedFromTheDayItChanges) {
  // A cap of £86,000 raised to £90,000 on 1 October 2026 while £500 a week goes on metering: one
  // period, two sentences.
  Json yusuf = person(care_home("2025-10-01", "700.00", "self"), finances("2025-10-01", "250000.00"));
  Json scenario = {{"base", "reform-2025-10"}, {"parameters", {{"reform.cap", {{{"from", "2026-10-01"}, {"value", "90000.00"}}}}}}};
  auto r = calculate_plain(yusuf, {"2027-03-31", scenario});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  std::vector<std::pair<DateRange, std::string>> metered;
  for (const PlainSentence& s : r->why) {
    if (s.reason == PlainReason::kMeteredSelfFunder) metered.emplace_back(s.days, s.text);
  }
  ASSERT_EQ(metered.size(), 2u) << listed(r->why);
  EXPECT_EQ(metered[0].first, (DateRange{D("2025-10-01"), D("2026-09-30")}));
  EXPECT_NE(metered[0].second.find("the £86,000.00 cap"), std::string::npos);
  EXPECT_EQ(metered[1].first, (DateRange{D("2026-10-01"), D("2027-03-31")}));
  EXPECT_NE(metered[1].second.find("the £90,000.00 cap"), std::string::npos);
}

TEST(Plain, OnlyWhenAskedAndTheFiguresAreTheSame) {
  Json p = person(care_home("2024-05-01", "700.00"), finances("2024-05-01", "20000.00"));
  auto plain = calculate_plain(p, {"2024-07-31"});
  ASSERT_TRUE(plain.ok());
  auto person_read = person_from_json(p);
  CalculationRequest req;
  req.as_of = D("2024-07-31");
  auto none = calculate(*person_read, england_rules(), *england_rules().scenario("current-law"), req);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->plain);
  EXPECT_TRUE(none->why.empty());
  EXPECT_FALSE(none->explained);
  // "plain" gives the technical explanation too; the figures do not change.
  EXPECT_TRUE(plain->plain && plain->explained && !plain->explain.empty());
  Json with = Json::parse(account_result_to_json(*plain));
  with.erase("explain");
  with.erase("why");
  EXPECT_EQ(with, Json::parse(account_result_to_json(*none)));
}

}  // namespace
}  // namespace caremeter
