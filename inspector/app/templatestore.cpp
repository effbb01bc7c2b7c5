#include "templatestore.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSettings>

namespace {
const QString settingsArray = QStringLiteral("templates");

// QJsonDocument holds only objects and arrays: a body of any type travels wrapped in an array,
// as text, so 64-bit integers stay exact in the settings file.
QString bodyToText(const QJsonValue &body)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray { body }).toJson(QJsonDocument::Compact));
}

QJsonValue bodyFromText(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isArray() || doc.array().isEmpty())
        return QJsonObject();
    return doc.array().first();
}
} // namespace

TemplateStore::TemplateStore(QObject *parent)
    : QObject(parent)
{
    reload();
}

TemplateStore::~TemplateStore() = default;

int TemplateStore::indexOf(const QString &name, const QString &group) const
{
    for (int i = 0; i < m_templates.size(); ++i) {
        if (m_templates.at(i).name == name && m_templates.at(i).group == group)
            return i;
    }
    return -1;
}

QStringList TemplateStore::groups() const
{
    QStringList result;
    for (const Template &t : m_templates) {
        if (!t.group.isEmpty() && !result.contains(t.group))
            result.append(t.group);
    }
    return result;
}

int TemplateStore::add(const Template &t)
{
    m_templates.append(t);
    save();
    Q_EMIT changed();
    return int(m_templates.size()) - 1;
}

bool TemplateStore::update(int index, const Template &t)
{
    if (index < 0 || index >= m_templates.size())
        return false;
    if (m_templates.at(index) == t)
        return true;
    m_templates[index] = t;
    save();
    Q_EMIT changed();
    return true;
}

bool TemplateStore::remove(int index)
{
    if (index < 0 || index >= m_templates.size())
        return false;
    m_templates.removeAt(index);
    save();
    Q_EMIT changed();
    return true;
}

bool TemplateStore::move(int from, int to)
{
    if (from < 0 || from >= m_templates.size() || to < 0 || to >= m_templates.size())
        return false;
    if (from == to)
        return true;
    m_templates.move(from, to);
    save();
    Q_EMIT changed();
    return true;
}

void TemplateStore::reload()
{
    QSettings settings;
    QList<Template> loaded;
    const int size = settings.beginReadArray(settingsArray);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        Template t;
        t.name = settings.value(QStringLiteral("name")).toString();
        t.group = settings.value(QStringLiteral("group")).toString();
        t.action = settings.value(QStringLiteral("action")).toString();
        t.body = bodyFromText(settings.value(QStringLiteral("body")).toString());
        loaded.append(t);
    }
    settings.endArray();
    if (loaded == m_templates)
        return;
    m_templates = loaded;
    Q_EMIT changed();
}

void TemplateStore::save() const
{
    QSettings settings;
    settings.remove(settingsArray);
    settings.beginWriteArray(settingsArray, int(m_templates.size()));
    for (int i = 0; i < m_templates.size(); ++i) {
        const Template &t = m_templates.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), t.name);
        settings.setValue(QStringLiteral("group"), t.group);
        settings.setValue(QStringLiteral("action"), t.action);
        settings.setValue(QStringLiteral("body"), bodyToText(t.body));
    }
    settings.endArray();
}
