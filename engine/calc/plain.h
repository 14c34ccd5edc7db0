// plain.h — the plain-English reading of a result (`why`, plain_english.h), written from the
// walk's traces afterwards (engine-internal). It reads the same PeriodTrace that explain.h
// reads, in a family's words: the arithmetic never writes text, and this reading adds up no
// figure of its own (it compares the trace's figures to choose its words).
//
// How it is built, so that a new kind of figure (nursing care funding, deferred payments,
// amounts carried forward) adds its sentence in one place:
//  - each stretch of a period (walk.h) is read by the readers in kPeriodReaders (plain.cc), in order, one reader a
//    question (nothing charged and why, the personal budget, the top-up, the home, capital,
//    the charge, daily living costs, the cap). A reader switches over the trace's reason enum
//    (ExclusionReason, BudgetSource, HomeTreatment, ChargeBasis, CapStage, MeterBasis), so a
//    new value of one of them does not compile (-Werror=switch) until its sentence is written;
//  - what happens across periods (capital falling to a limit or running out under spend-down,
//    the projected cap date, death) is read by the readers in kResultReaders;
//  - a new kind of sentence is a PlainReason with its name (plain_english.h) and either one
//    reader in one of those tables or one case in an existing reader's switch.
// The same sentence in adjacent periods is given once, over all their days.
#pragma once

#include <vector>

#include "caremeter/calc/calculate.h"
#include "records.h"
#include "walk.h"

namespace caremeter::calc {

struct PlainInputs {
  const Person& person;
  const PreparedScenario& scenario;
  const CalculationRequest& request;
  const PersonFacts& facts;
  const AccountResult& result;             // periods, account and capital history, walked
  const std::vector<PeriodTrace>& traces;  // one a stretch, in order; a period has one or more
};

// The sentences, in order of their first day (a period's in the order of the readers).
std::vector<PlainSentence> plain_reading(const PlainInputs& in);

}  // namespace caremeter::calc
