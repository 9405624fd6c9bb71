// User-interface strings. Every visible text goes through tr("key") so that a second
// language (Korean is planned) is one more table, not a hunt through the UI code.
// English is the default and the fallback for keys a table lacks.
#pragma once

namespace app {

enum class Language { English, Korean };

void set_language(Language lang);
Language language();
// The text for `key` in the current language (the English text when the current table
// lacks it, the key itself when no table has it — so a missing string is visible, not blank).
const char* tr(const char* key);

}  // namespace app
