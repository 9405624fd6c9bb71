// User-interface strings. Every visible text goes through tr("key") so that a second
// language (Korean is planned) is one more table, not a hunt through the UI code.
// English is the default and the fallback for keys a table lacks.
#pragma once
#include <cstdarg>
#include <string>
#include <vector>

#include "cnn/message.h"

namespace app {

enum class Language { English, Korean };

void set_language(Language lang);
Language language();

// Wording for a finger on a touch screen (set from the page's last pointer): tr(key) then gives
// the key's "@touch" variant where a table has one ("Tap" for "Hover", no Backspace).
void set_touch_wording(bool on);
bool touch_wording();
// The text for `key` in the current language (the English text when the current table
// lacks it, the key itself when no table has it — so a missing string is visible, not blank).
// Keys of the core (cnn/message.h) are found too: their English wording is the core's.
const char* tr(const char* key);

// A message in the current language: its key's wording with {0}, {1}, ... filled by its values
// (each described in turn). Keys worded this way (the core's, and the app's messages that carry
// values: train.data_ready, train.err.*, ...) use {N} placeholders; the rest of the UI's
// strings are printf formats.
std::string describe(const cnn::Message& m);

// printf into a std::string (at most 511 characters): for the UI's printf-format strings, e.g.
// format(tr("practice.q.oh"), h, pad, fh, stride). A literal format is checked by the compiler.
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string vformat(const char* fmt, va_list ap);

// For the tests: the keys of the English table, and whether `lang` has its own wording of `key`
// (the core's keys' English is the core's catalogue).
std::vector<std::string> english_keys();
bool has_wording(Language lang, const char* key);

}  // namespace app
