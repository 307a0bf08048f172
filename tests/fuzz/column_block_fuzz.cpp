// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL store's packed column blocks (store/column_block.hpp): any
// bytes, said to be a block of any count, are refused or read within their
// length, and a block read back is written again byte for byte.
#include <cstdint>      // std::uint8_t
#include <cstdlib>      // std::abort
#include <string_view>  // std::string_view

#include "store/column_block.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pace::store;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The count the run's results say: the header's own, or one beside it.
    const std::size_t header = ColumnBlockView::count_of(bytes).value_or(0);
    for (const std::size_t count : {header, header + 1, std::size_t{0}}) {
        for (const BlockType type : {BlockType::float64, BlockType::int64}) {
            auto view = ColumnBlockView::open(bytes, type, count);
            if (!view) continue;
            ColumnBlockWriter again(type, count);
            for (std::size_t i = 0; i < count; ++i) {
                if (!view->present(i)) continue;
                if (type == BlockType::float64)
                    again.set_real(i, view->real(i));
                else
                    again.set_integer(i, view->integer(i));
            }
            // Absent elements written as anything but zeros read the same, so
            // only blocks with zeros there come back exactly.
            bool zeros = true;
            for (std::size_t i = 0; i < count && zeros; ++i) zeros = view->present(i) || (view->integer(i) == 0);
            const std::size_t bitmap_bits = 8 * ((count + 7) / 8);
            bool clean_bitmap = true;
            for (std::size_t i = count; i < bitmap_bits; ++i) clean_bitmap = clean_bitmap && !view->present(i);
            if (zeros && clean_bitmap && again.bytes() != bytes) std::abort();
        }
    }
    return 0;
}
