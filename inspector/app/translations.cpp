#include "translations.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QLibraryInfo>
#include <QtCore/QLocale>
#include <QtCore/QTranslator>

namespace {
const QString translatorName = QStringLiteral("drs-inspector-translator");
}

bool installTranslations(QCoreApplication *app, const QString &language)
{
    if (!app)
        return false;
    // Switching languages: drop what an earlier call installed.
    const QList<QTranslator *> previous
            = app->findChildren<QTranslator *>(translatorName, Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : previous) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }

    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    // A forced language formats numbers and dates as it does, like the system's language would.
    if (!language.isEmpty() && locale.language() != QLocale::C)
        QLocale::setDefault(locale);
    if (language == QLatin1String("en"))
        return false;

    auto *own = new QTranslator(app);
    own->setObjectName(translatorName);
    if (!own->load(locale, QStringLiteral("drs-inspector"), QStringLiteral("_"),
                   QStringLiteral(":/i18n"))) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);

    auto *qt = new QTranslator(app);
    qt->setObjectName(translatorName);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}
