// DetailPane: the selected command of a session's log, as a JSON tree (JsonTreeModel) and as
// pretty text, with Copy as JSON and a button that jumps from a reply to its request and back.
#ifndef DETAILPANE_H
#define DETAILPANE_H

#include "trafficlogmodel.h"

#include <QtWidgets/QWidget>

class JsonTreeModel;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTreeView;

class DetailPane : public QWidget {
    Q_OBJECT
public:
    explicit DetailPane(QWidget *parent = nullptr);
    ~DetailPane() override;

    void setRecord(const TrafficRecord &record);
    void clearRecord();
    bool hasRecord() const { return m_hasRecord; }
    TrafficRecord record() const { return m_record; }

    //! The whole command as indented JSON; empty without a record.
    QString json() const;

    JsonTreeModel *treeModel() const { return m_treeModel; }
    QTreeView *treeView() const { return m_treeView; }
    QPlainTextEdit *textView() const { return m_textView; }
    QPushButton *copyButton() const { return m_copyButton; }
    QPushButton *pairedButton() const { return m_pairedButton; }
    QSplitter *splitter() const { return m_splitter; }

public Q_SLOTS:
    void copyJson();

Q_SIGNALS:
    //! The user asked to see the request of the shown reply, or the reply of the shown request.
    void goToPairedRequested(quint64 id);

private:
    QString summary() const;

    TrafficRecord m_record {};
    bool m_hasRecord = false;
    QLabel *m_summaryLabel = nullptr;
    JsonTreeModel *m_treeModel = nullptr;
    QTreeView *m_treeView = nullptr;
    QPlainTextEdit *m_textView = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_pairedButton = nullptr;
    QSplitter *m_splitter = nullptr;
};

#endif // DETAILPANE_H
