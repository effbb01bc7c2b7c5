// The inspector's translations: English source strings, German and French built into the app.
#ifndef TRANSLATIONS_H
#define TRANSLATIONS_H

#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QCoreApplication;
QT_END_NAMESPACE

/*!
    Installs the inspector's translation for \a language on \a app, replacing one installed
    before: an empty \a language follows the system locale (QLocale()), "en" installs none (the
    source strings are English), anything else ("de", "fr", "de_CH", ...) loads
    ":/i18n/drs-inspector_<lang>.qm" (Qt's own translation for standard dialogs too, when the
    system has it). A language given explicitly also becomes the default QLocale, so numbers and
    dates are written the way that language writes them. Returns whether a translation of the
    inspector was installed.
*/
bool installTranslations(QCoreApplication *app, const QString &language);

#endif // TRANSLATIONS_H
