// SPDX-License-Identifier: Apache-2.0
#include "measure/tag_expression.hpp"

#include <algorithm>  // std::find
#include <cctype>     // std::isalnum

namespace pace::measure {

struct TagExpression::Node {
    enum class Kind { tag, not_, and_, or_ } kind;
    std::string tag;
    std::shared_ptr<const Node> left, right;

    bool eval(const std::vector<std::string>& tags) const {
        switch (kind) {
            case Kind::tag: return std::find(tags.begin(), tags.end(), tag) != tags.end();
            case Kind::not_: return !left->eval(tags);
            case Kind::and_: return left->eval(tags) && right->eval(tags);
            case Kind::or_: return left->eval(tags) || right->eval(tags);
        }
        return false;
    }
};

bool TagExpression::matches(const std::vector<std::string>& tags) const { return root_->eval(tags); }

namespace {

using Node = TagExpression::Node;
using NodePtr = std::shared_ptr<const Node>;

bool is_tag_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':' || c == '/';
}

// Recursive descent over a token list; depth is bounded by the input's
// parentheses, and each level consumes at least one token.
class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) { tokenize(); }

    NodePtr parse() {
        if (!error_.empty()) return nullptr;
        if (tokens_.empty()) return fail(0, "an empty expression");
        NodePtr node = parse_or();
        if (node && pos_ < tokens_.size()) return fail(tokens_[pos_].offset, "\"" + tokens_[pos_].text + "\"");
        return node;
    }
    const std::string& error() const { return error_; }

private:
    struct Token {
        std::string text;
        std::size_t offset;
    };

    void tokenize() {
        for (std::size_t i = 0; i < text_.size();) {
            char c = text_[i];
            if (c == ' ' || c == '\t') {
                ++i;
            } else if (c == '(' || c == ')') {
                tokens_.push_back({std::string(1, c), i++});
            } else if (is_tag_char(c)) {
                std::size_t start = i;
                while (i < text_.size() && is_tag_char(text_[i])) ++i;
                tokens_.push_back({std::string(text_.substr(start, i - start)), start});
            } else {
                fail(i, std::string("the character '") + c + "'");
                return;
            }
        }
    }

    NodePtr fail(std::size_t offset, const std::string& found) {
        if (error_.empty())
            error_ = "at column " + std::to_string(offset + 1) + ": expected a tag, \"not\" or \"(\", found " + found;
        return nullptr;
    }

    bool peek(const char* word) const { return pos_ < tokens_.size() && tokens_[pos_].text == word; }

    NodePtr binary(Node::Kind kind, NodePtr left, NodePtr right) {
        return std::make_shared<const Node>(Node{kind, {}, std::move(left), std::move(right)});
    }

    NodePtr parse_or() {
        NodePtr left = parse_and();
        while (left && peek("or")) {
            ++pos_;
            NodePtr right = parse_and();
            if (!right) return nullptr;
            left = binary(Node::Kind::or_, left, right);
        }
        return left;
    }

    NodePtr parse_and() {
        NodePtr left = parse_not();
        while (left && peek("and")) {
            ++pos_;
            NodePtr right = parse_not();
            if (!right) return nullptr;
            left = binary(Node::Kind::and_, left, right);
        }
        return left;
    }

    NodePtr parse_not() {
        if (peek("not")) {
            if (++depth_ > max_depth) {
                error_ = "\"not\" repeated more than " + std::to_string(max_depth) + " times";
                return nullptr;
            }
            ++pos_;
            NodePtr operand = parse_not();
            --depth_;
            if (!operand) return nullptr;
            return std::make_shared<const Node>(Node{Node::Kind::not_, {}, operand, nullptr});
        }
        return parse_atom();
    }

    NodePtr parse_atom() {
        if (pos_ >= tokens_.size()) return fail(text_.size(), "the end of the expression");
        const Token& t = tokens_[pos_];
        if (t.text == "(") {
            if (++depth_ > max_depth) {
                error_ = "at column " + std::to_string(t.offset + 1) + ": parentheses nested deeper than " +
                         std::to_string(max_depth);
                return nullptr;
            }
            ++pos_;
            NodePtr inner = parse_or();
            --depth_;
            if (!inner) return nullptr;
            if (!peek(")")) {
                std::size_t at = pos_ < tokens_.size() ? tokens_[pos_].offset : text_.size();
                error_ = "at column " + std::to_string(at + 1) + ": expected \")\"";
                return nullptr;
            }
            ++pos_;
            return inner;
        }
        if (t.text == ")" || t.text == "and" || t.text == "or") return fail(t.offset, "\"" + t.text + "\"");
        ++pos_;
        return std::make_shared<const Node>(Node{Node::Kind::tag, t.text, nullptr, nullptr});
    }

    std::string_view text_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    static constexpr int max_depth = 100;  // keeps the recursion far from the stack's end
    std::string error_;
};

}  // namespace

Outcome<TagExpression> parse_tag_expression(std::string_view text) {
    Parser parser(text);
    NodePtr root = parser.parse();
    if (!root) return InputError{"--tags", "", "bad tag expression \"" + std::string(text) + "\": " + parser.error(),
                                 "combine tag names with and, or, not and parentheses: \"cpu and not slow\""};
    TagExpression expression;
    expression.root_ = std::move(root);
    return expression;
}

std::optional<std::string> tag_name_problem(std::string_view tag) {
    if (tag.empty()) return "an empty tag";
    if (tag == "and" || tag == "or" || tag == "not")
        return "tag \"" + std::string(tag) + "\" is a word of the --tags grammar";
    for (char c : tag)
        if (!is_tag_char(c))
            return "tag \"" + std::string(tag) + "\" holds \"" + std::string(1, c) +
                   "\", which --tags cannot select (letters, digits and _ - . : / only)";
    return std::nullopt;
}

bool outside_default_selection(const std::vector<std::string>& tags) {
    for (const std::string& tag : tags)
        for (std::string_view opt_in : opt_in_tags)
            if (tag == opt_in) return true;
    return false;
}

}  // namespace pace::measure
