// SPDX-License-Identifier: Apache-2.0
// The packed columns of the PostgreSQL store (store/column_block.hpp): the
// bytes are the documented layout on every machine, and a block that is not
// one is refused with a reason, never read past its end.
#include <cmath>    // std::isnan
#include <cstdint>  // std::int64_t
#include <limits>   // infinities and NaN
#include <string>   // std::string

#include <gtest/gtest.h>

#include "store/column_block.hpp"

namespace pace::store {
namespace {

using namespace std::string_literals;

TEST(ColumnBlock, BytesAreTheDocumentedLittleEndianLayout) {
    ColumnBlockWriter ints(BlockType::int64, 3);
    ints.set_integer(0, 0x0102030405060708);
    ints.set_integer(2, -2);
    // 'q', count 3 (uint32 LE), bitmap 0b101, then three 8-byte elements (the absent one zero).
    const std::string expected = "q\x03\x00\x00\x00\x05"s + "\x08\x07\x06\x05\x04\x03\x02\x01"s + std::string(8, '\0') +
                                 "\xfe\xff\xff\xff\xff\xff\xff\xff"s;
    EXPECT_EQ(ints.bytes(), expected);

    ColumnBlockWriter reals(BlockType::float64, 1);
    reals.set_real(0, 1.0);  // 0x3ff0000000000000
    EXPECT_EQ(reals.bytes(), "d\x01\x00\x00\x00\x01"s + "\x00\x00\x00\x00\x00\x00\xf0\x3f"s);
}

TEST(ColumnBlock, RoundTripsValuesAndAbsence) {
    const std::size_t n = 19;  // a bitmap of three bytes, the last one partly used
    ColumnBlockWriter reals(BlockType::float64, n);
    ColumnBlockWriter ints(BlockType::int64, n);
    EXPECT_FALSE(reals.any());
    const double specials[] = {
        0.0, -0.0, 1e-300, -3.5, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()};
    for (std::size_t i = 0; i < n; i += 3) {
        reals.set_real(i, specials[(i / 3) % 6]);
        ints.set_integer(i, static_cast<std::int64_t>(i) * -1000000007LL);
    }
    EXPECT_TRUE(reals.any());
    auto r = ColumnBlockView::open(reals.bytes(), BlockType::float64, n);
    auto q = ColumnBlockView::open(ints.bytes(), BlockType::int64, n);
    ASSERT_TRUE(r && q);
    for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(r->present(i), i % 3 == 0) << i;
        ASSERT_EQ(q->present(i), i % 3 == 0) << i;
        if (i % 3) {
            EXPECT_EQ(r->real(i), 0.0);
            EXPECT_EQ(q->integer(i), 0);
            continue;
        }
        const double want = specials[(i / 3) % 6];
        if (std::isnan(want))
            EXPECT_TRUE(std::isnan(r->real(i)));
        else
            EXPECT_EQ(r->real(i), want);
        EXPECT_EQ(std::signbit(r->real(i)), std::signbit(want));
        EXPECT_EQ(q->integer(i), static_cast<std::int64_t>(i) * -1000000007LL);
    }
}

TEST(ColumnBlock, AnEmptyRunHasAHeaderOnly) {
    ColumnBlockWriter none(BlockType::int64, 0);
    EXPECT_EQ(none.bytes(), "q\0\0\0\0"s);
    EXPECT_TRUE(ColumnBlockView::open(none.bytes(), BlockType::int64, 0));
    EXPECT_EQ(ColumnBlockView::count_of(none.bytes()), 0U);
}

TEST(ColumnBlock, RefusesWhatIsNotABlockOfTheTypeAndCount) {
    ColumnBlockWriter block(BlockType::float64, 10);
    block.set_real(3, 2.5);
    const std::string bytes = block.bytes();
    std::string why;
    EXPECT_FALSE(ColumnBlockView::open(bytes.substr(0, 4), BlockType::float64, 10, &why));
    EXPECT_EQ(why, "4 bytes, shorter than a block's header");
    EXPECT_FALSE(ColumnBlockView::count_of(bytes.substr(0, 4)));
    EXPECT_FALSE(ColumnBlockView::open(bytes, BlockType::int64, 10, &why));
    EXPECT_EQ(why, "type byte 0x64, expected 'q'");
    EXPECT_FALSE(ColumnBlockView::open(bytes, BlockType::float64, 11, &why));
    EXPECT_EQ(why, "10 elements, expected 11 (the run's results)");
    EXPECT_FALSE(ColumnBlockView::open(bytes + "x", BlockType::float64, 10, &why));
    EXPECT_EQ(why, "88 bytes, expected 87 for 10 elements");
    EXPECT_FALSE(ColumnBlockView::open(bytes.substr(0, bytes.size() - 1), BlockType::float64, 10, &why));
    // A count as large as the header holds asks for more than any block has.
    EXPECT_FALSE(ColumnBlockView::open("d\xff\xff\xff\xff"s, BlockType::float64, 0xFFFFFFFFU, &why));
    EXPECT_EQ(why, "5 bytes, expected 34896609277 for 4294967295 elements");
}

TEST(ColumnBlock, SetOutsideTheBlockIsIgnored) {
    ColumnBlockWriter block(BlockType::int64, 2);
    block.set_integer(2, 7);
    EXPECT_FALSE(block.any());
    EXPECT_EQ(block.bytes(), ColumnBlockWriter(BlockType::int64, 2).bytes());
}

}  // namespace
}  // namespace pace::store
