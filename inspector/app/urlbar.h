// UrlBar: the endpoint field of a client session, an editable combo box whose items are the URLs
// used before (most recent first, kept in QSettings) and whose completer offers them as you type.
#ifndef URLBAR_H
#define URLBAR_H

#include <QtWidgets/QComboBox>

class UrlBar : public QComboBox {
    Q_OBJECT
public:
    static constexpr int MaxHistory = 20;

    explicit UrlBar(QWidget *parent = nullptr);
    ~UrlBar() override;

    QString text() const;
    void setText(const QString &text);

    //! Moves \a url to the front of the history, shared by every session through QSettings.
    void addToHistory(const QString &url);
    QStringList history() const;

    //! The history as stored in the application's QSettings.
    static QStringList loadHistory();

Q_SIGNALS:
    //! Return was pressed in the field.
    void urlEntered(const QString &text);

private:
    void setItems(const QStringList &urls);
};

#endif // URLBAR_H
