// TemplateStore: the composer's saved commands, named, grouped and ordered, kept in QSettings.
#ifndef TEMPLATESTORE_H
#define TEMPLATESTORE_H

#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>

/*!
    Saved command templates, in the order the user gave them. Every change is written at once
    to the application's QSettings (group "templates"), so a template survives a restart and
    every session of the inspector can share one store.
*/
class TemplateStore : public QObject {
    Q_OBJECT
public:
    struct Template {
        QString name;
        QString group; //!< empty: not in a group
        QString action;
        QJsonValue body;

        friend bool operator==(const Template &a, const Template &b)
        {
            return a.name == b.name && a.group == b.group && a.action == b.action
                    && a.body == b.body;
        }
        friend bool operator!=(const Template &a, const Template &b) { return !(a == b); }
    };

    //! Reads the templates saved in the default QSettings.
    explicit TemplateStore(QObject *parent = nullptr);
    ~TemplateStore() override;

    QList<Template> templates() const { return m_templates; }
    int count() const { return int(m_templates.size()); }
    Template at(int index) const { return m_templates.value(index); }
    //! The first template named \a name in \a group, or -1.
    int indexOf(const QString &name, const QString &group = QString()) const;
    //! The distinct non-empty groups, in the order they first appear.
    QStringList groups() const;

    //! Appends \a t; returns its index.
    int add(const Template &t);
    //! Replaces the template at \a index; false if \a index is out of range.
    bool update(int index, const Template &t);
    bool remove(int index);
    //! Moves the template at \a from so that it ends up at index \a to.
    bool move(int from, int to);

    //! Reads the templates again from QSettings (another instance may have changed them).
    void reload();

Q_SIGNALS:
    void changed();

private:
    void save() const;

    QList<Template> m_templates;
    Q_DISABLE_COPY(TemplateStore)
};

#endif // TEMPLATESTORE_H
