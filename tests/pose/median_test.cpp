#include "pose/median.hpp"

#include <gtest/gtest.h>

namespace midline {
namespace {

TEST(Median, IsTheUpperMiddleOfAnEvenCount) {
  EXPECT_EQ(median({}), 0.0);
  EXPECT_EQ(median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_EQ(median({4.0, 1.0, 3.0, 2.0}), 3.0);
}

// Measures of a face's lean as calibration gathered them on one test head (glasses, side
// light): most agree near 7.6 degrees, a few stray either way. Their median (6.9) lies off
// the gathering, and half of them are not within 1.5 degrees of it.
TEST(AgreeingMiddle, IsTheMiddleOfWhereMostValuesGatherNotOfTheStrays) {
  const std::vector<double> leans = {-11.2, -5.5, 2.9, 3.2, 3.3, 3.8, 4.2, 5.1, 5.9, 6.4, 6.5,
                                     6.9,   7.3,  7.5, 7.6, 7.9, 8.1, 8.3, 8.3, 8.5, 8.8, 11.2};
  const std::optional<double> middle = agreeing_middle(leans, 1.5);
  ASSERT_TRUE(middle);
  EXPECT_DOUBLE_EQ(*middle, 7.6);  // of the 13 from 5.9 to 8.8
}

TEST(AgreeingMiddle, IsEmptyWhereNoHalfOfTheValuesAgree) {
  EXPECT_FALSE(agreeing_middle({}, 1.5));
  // Two groups of three, 10 degrees apart, and one between: none holds half of the seven.
  EXPECT_FALSE(agreeing_middle({0.0, 0.5, 1.0, 5.0, 10.0, 10.5, 11.0}, 1.5));
  // Half of them is enough: one group of four, and four strays.
  EXPECT_EQ(agreeing_middle({-9.0, -4.0, 0.0, 0.5, 1.0, 2.9, 6.0, 12.0}, 1.5), 1.0);
}

TEST(AgreeingMiddle, OfValuesThatAllAgreeIsTheirMedian) {
  const std::vector<double> values = {0.2, -0.4, 1.1, 0.0, 0.7};
  EXPECT_EQ(agreeing_middle(values, 1.5), median(values));
}

}  // namespace
}  // namespace midline
