// SPDX-License-Identifier: Apache-2.0
// The operations both harnesses measure. They live in one shared library
// (operations.cpp) so both binaries call the very same machine code: code
// compiled into each binary lands at different addresses and alignments,
// which alone can move a branchy loop's time by a few percent.
#pragma once

#include <cstdint>  // std::uint64_t
#include <string>   // std::string
#include <vector>   // std::vector

namespace pace_bench {

/// n pseudo-random ints, the same on every call (setup, not measured).
std::vector<int> shuffled(std::size_t n);

/// FNV-1a over the string: about 30 ns for 48 bytes, with a loop-carried
/// dependency the compiler cannot vectorize away.
std::uint64_t hash(const std::string& s);

/// A sorted copy of the input.
std::vector<int> sorted_copy(const std::vector<int>& input);

}  // namespace pace_bench
