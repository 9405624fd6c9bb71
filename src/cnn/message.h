// Messages the core raises, as data: a key naming what went wrong plus the values it needs, so
// that a user interface can word them in its own language (the demo does, in English and
// Korean: app::describe in src/app/ui/i18n.h). The core itself knows only the English wording
// (english(), message.cpp's catalogue), which is what an exception's what() says: the `cnn`
// tool and the tests read that.
//   cnn::Message m = cnn::phrase("weights.invalid_at", {cnn::number(120), cnn::phrase("weights.checksum", {...})});
//   english(m) == "weights file invalid at byte 120: checksum mismatch: ..."
// A wording refers to its values as {0}, {1}, ... (in any order, so a translation may reorder
// them); a value is plain text (a number, a name, a shape) or a phrase of its own.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace cnn {

struct Message {
  std::string key;            // "weights.truncated", ...; empty: a plain value, `text` shown as it is
  std::vector<Message> args;  // the values for {0}, {1}, ...
  std::string text;           // a plain value (or an English message from outside the catalogue)
};

// A key and its wording in one language: a row of a table of messages (the core's English
// catalogue; the demo's tables of UI strings use it too).
struct Wording {
  const char* key;
  const char* text;
};

// A plain value, shown as it is in every language.
Message text(std::string value);
Message number(long long value);
// A count as the demo's texts write one, its digits in groups of three: "109 810", "10 000", "780".
std::string grouped(long long value);
Message grouped_number(long long value);  // grouped(value) as a plain value
// A phrase of the catalogue with its values.
Message phrase(std::string key, std::vector<Message> args = {});

// `wording` with {0}, {1}, ... replaced by values[0], values[1], ... ("{{" and "}}" are a literal "{" and "}").
std::string fill(const std::string& wording, const std::vector<std::string>& values);
// The English wording of `key` (nullptr when the catalogue has no such key).
const char* english_wording(const std::string& key);
// Every key of the catalogue (the demo's tests check each has a Korean wording).
std::vector<std::string> message_keys();
// The message in English (what the exceptions' what() says).
std::string english(const Message& m);

// Carried by the core's exceptions next to their English what().
class MessageCarrier {
 public:
  explicit MessageCarrier(Message m) : message_(std::move(m)) {}
  virtual ~MessageCarrier() = default;
  const Message& message() const { return message_; }

 private:
  Message message_;
};

// An exception of type Base (std::invalid_argument, ShapeError, ...) that carries its message.
template <class Base>
class WithMessage : public Base, public MessageCarrier {
 public:
  explicit WithMessage(Message m) : Base(english(m)), MessageCarrier(std::move(m)) {}
};

// The message an exception carries, or its what() as a plain value.
Message message_of(const std::exception& e);

}  // namespace cnn
