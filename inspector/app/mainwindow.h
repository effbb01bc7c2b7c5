// MainWindow: drs-inspector's window. Sessions (SessionWidget) side by side in closable tabs,
// the Statistics dock following the current one, menus and shortcuts for everything, a status
// bar with the current session's state and counts, and the window, dock, splitter and header
// layout kept in QSettings.
#ifndef MAINWINDOW_H
#define MAINWINDOW_H

#include <QtCore/QPointer>
#include <QtCore/QUrl>
#include <QtWidgets/QMainWindow>

class QDockWidget;
class QLabel;
class QTabWidget;
class QToolBar;
class SessionWidget;
class StatsWidget;
class TemplateStore;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum ImportTarget { NewTab, CurrentLog };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    //! A new client tab; connects at once when \a url is not empty.
    SessionWidget *newClientSession(const QString &url = QString());
    //! A new listening tab serving \a urls (the tab stays, with the error, when it cannot).
    SessionWidget *newListenSession(const QList<QUrl> &urls);
    SessionWidget *currentSession() const;
    QList<SessionWidget *> sessions() const;
    void closeSession(SessionWidget *session);

    /*!
        Imports the NDJSON session \a fileName into a new read-only tab or the current log and
        returns that session (null when the file cannot be opened). Bad lines are listed in a
        message box (objectName "importErrors"), the good ones imported.
    */
    SessionWidget *importFile(const QString &fileName, ImportTarget target = NewTab);
    //! Writes the current session's log to \a fileName as NDJSON.
    bool exportFile(const QString &fileName, QString *error = nullptr);
    //! Sends the selected outgoing commands again, in order, through the current session (or,
    //! from an imported tab, the live session used last); returns how many were sent.
    int replaySelection();

    QTabWidget *tabWidget() const { return m_tabs; }
    QDockWidget *statsDock() const { return m_statsDock; }
    StatsWidget *statsWidget() const { return m_statsWidget; }
    QToolBar *mainToolBar() const { return m_toolBar; }
    TemplateStore *templateStore() const { return m_templateStore; }
    QLabel *stateLabel() const { return m_stateLabel; }
    QLabel *countsLabel() const { return m_countsLabel; }
    //! The action named \a objectName ("actionQuit", "actionCopyJson", ...), for tests.
    QAction *findAction(const QString &objectName) const;

    void saveSettings() const;
    void restoreSettings();

public Q_SLOTS:
    void newConnection();
    void listenInteractively();
    void importInteractively();
    void exportInteractively();
    void closeCurrentSession();
    void copyAsJson();
    void clearLog();
    void focusFilter();
    void reconnect();
    void setAutoscrollPaused(bool paused);
    void showAbout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QAction *makeAction(QMenu *menu, const QString &name, const QString &text,
                        const QKeySequence &shortcut = QKeySequence());
    void createActionsAndMenus();
    void createDocks();
    void createStatusBar();
    void addSession(SessionWidget *session);
    void onCurrentChanged();
    void updateSessionStatus(SessionWidget *session);
    void updateCounts();
    void updateActions();
    QString lastDirectory() const;
    void setLastDirectory(const QString &fileName);

    QTabWidget *m_tabs = nullptr;
    QToolBar *m_toolBar = nullptr;
    QDockWidget *m_statsDock = nullptr;
    StatsWidget *m_statsWidget = nullptr;
    TemplateStore *m_templateStore = nullptr;
    QLabel *m_stateDot = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
    QPointer<SessionWidget> m_lastLiveSession;

    QAction *m_newAction = nullptr;
    QAction *m_listenAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_replayAction = nullptr;
    QAction *m_aboutAction = nullptr;
    bool m_autoscrollPaused = false;
};

#endif // MAINWINDOW_H
