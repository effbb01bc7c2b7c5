#include "mainwindow.h"

#include "aboutdialog.h"
#include "composerwidget.h"
#include "filterbar.h"
#include "sessionfile.h"
#include "sessionwidget.h"
#include "statsdock.h"
#include "templatestore.h"
#include "trafficfiltermodel.h"
#include "urlbar.h"

#include <drstransport.h>

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QSaveFile>
#include <QtCore/QSettings>
#include <QtGui/QClipboard>
#include <QtGui/QCloseEvent>
#include <QtGui/QGuiApplication>
#include <QtGui/QPainter>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QToolBar>

namespace {

const int MaxListedImportErrors = 20;

QPixmap dotPixmap(const QColor &color, int size)
{
    const qreal ratio = qApp->devicePixelRatio();
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return pixmap;
}

QIcon themedIcon(const QString &resource, const QString &themeName)
{
    const QString path = QStringLiteral(":/icons/%1.svg").arg(resource);
    if (QFile::exists(path))
        return QIcon(path);
    return QIcon::fromTheme(themeName);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("DRS Inspector"));
    m_templateStore = new TemplateStore(this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("sessionTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentChanged);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        closeSession(qobject_cast<SessionWidget *>(m_tabs->widget(index)));
    });

    createActionsAndMenus();
    createDocks();
    createStatusBar();
    resize(1360, 860);
    restoreSettings();
    onCurrentChanged();
}

MainWindow::~MainWindow()
{
    // The sessions go with the tab widget, after this window stopped being one: they must not
    // report to it on their way out.
    const QList<SessionWidget *> all = sessions();
    for (SessionWidget *session : all)
        disconnect(session, nullptr, this, nullptr);
    disconnect(m_tabs, nullptr, this, nullptr);
}

// ---- building ----

QAction *MainWindow::makeAction(QMenu *menu, const QString &name, const QString &text,
                                const QKeySequence &shortcut)
{
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    menu->addAction(action);
    return action;
}

void MainWindow::createActionsAndMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_newAction = makeAction(file, QStringLiteral("actionNewConnection"), tr("&New Connection"),
                             QKeySequence::New);
    m_newAction->setIcon(themedIcon(QStringLiteral("new-session"), QStringLiteral("document-new")));
    m_newAction->setToolTip(tr("Open a tab that connects to a DRS endpoint"));
    m_listenAction = makeAction(file, QStringLiteral("actionListen"), tr("&Listen…"),
                                QKeySequence(Qt::CTRL | Qt::Key_L));
    m_listenAction->setIcon(themedIcon(QStringLiteral("listen"), QStringLiteral("network-server")));
    m_listenAction->setToolTip(tr("Open a tab that serves DRS and shows its clients' traffic"));
    file->addSeparator();
    m_importAction
            = makeAction(file, QStringLiteral("actionImport"), tr("&Import…"), QKeySequence::Open);
    m_importAction->setIcon(themedIcon(QStringLiteral("import"), QStringLiteral("document-open")));
    m_exportAction
            = makeAction(file, QStringLiteral("actionExport"), tr("&Export…"), QKeySequence::Save);
    m_exportAction->setIcon(themedIcon(QStringLiteral("export"), QStringLiteral("document-save")));
    file->addSeparator();
    m_closeAction = makeAction(file, QStringLiteral("actionCloseTab"), tr("&Close Tab"),
                               QKeySequence(Qt::CTRL | Qt::Key_W));
    m_quitAction = makeAction(file, QStringLiteral("actionQuit"), tr("&Quit"),
                              QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_copyAction = makeAction(edit, QStringLiteral("actionCopyJson"), tr("&Copy as JSON"),
                              QKeySequence::Copy);
    m_copyAction->setIcon(themedIcon(QStringLiteral("copy"), QStringLiteral("edit-copy")));
    m_clearAction = makeAction(edit, QStringLiteral("actionClearLog"), tr("C&lear Log"),
                               QKeySequence(Qt::CTRL | Qt::Key_K));
    m_clearAction->setIcon(themedIcon(QStringLiteral("clear"), QStringLiteral("edit-clear")));
    edit->addSeparator();
    m_findAction = makeAction(edit, QStringLiteral("actionFind"), tr("&Find"), QKeySequence::Find);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_toolBar = addToolBar(tr("Main Toolbar"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_statsDock = new QDockWidget(tr("Statistics"), this);
    m_statsDock->setObjectName(QStringLiteral("statsDock"));
    view->addAction(m_toolBar->toggleViewAction());
    view->addAction(m_statsDock->toggleViewAction());
    view->addSeparator();
    m_pauseAction = makeAction(view, QStringLiteral("actionPauseAutoscroll"),
                               tr("&Pause Autoscroll"), QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setIcon(
            themedIcon(QStringLiteral("pause"), QStringLiteral("media-playback-pause")));
    m_pauseAction->setToolTip(tr("Keep the log where it is while new commands arrive"));

    QMenu *session = menuBar()->addMenu(tr("&Session"));
    m_reconnectAction = makeAction(session, QStringLiteral("actionReconnect"), tr("&Reconnect"),
                                   QKeySequence(Qt::CTRL | Qt::Key_R));
    m_reconnectAction->setIcon(
            themedIcon(QStringLiteral("connect"), QStringLiteral("network-connect")));
    m_disconnectAction = makeAction(session, QStringLiteral("actionDisconnect"), tr("&Disconnect"));
    m_disconnectAction->setIcon(
            themedIcon(QStringLiteral("disconnect"), QStringLiteral("network-disconnect")));
    session->addSeparator();
    m_replayAction
            = makeAction(session, QStringLiteral("actionReplaySelection"), tr("Re&play Selection"),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_replayAction->setIcon(
            themedIcon(QStringLiteral("replay"), QStringLiteral("media-playlist-repeat")));
    m_replayAction->setToolTip(tr("Send the selected outgoing commands again, in order"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    m_aboutAction = makeAction(help, QStringLiteral("actionAbout"), tr("&About DRS Inspector"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = makeAction(help, QStringLiteral("actionAboutQt"), tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);

    m_toolBar->addAction(m_newAction);
    m_toolBar->addAction(m_listenAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_importAction);
    m_toolBar->addAction(m_exportAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_reconnectAction);
    m_toolBar->addAction(m_disconnectAction);
    m_toolBar->addAction(m_replayAction);
    m_toolBar->addAction(m_pauseAction);
    m_toolBar->addAction(m_clearAction);

    connect(m_newAction, &QAction::triggered, this, &MainWindow::newConnection);
    connect(m_listenAction, &QAction::triggered, this, &MainWindow::listenInteractively);
    connect(m_importAction, &QAction::triggered, this, &MainWindow::importInteractively);
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportInteractively);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeCurrentSession);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::close);
    connect(m_copyAction, &QAction::triggered, this, &MainWindow::copyAsJson);
    connect(m_clearAction, &QAction::triggered, this, &MainWindow::clearLog);
    connect(m_findAction, &QAction::triggered, this, &MainWindow::focusFilter);
    connect(m_pauseAction, &QAction::toggled, this, &MainWindow::setAutoscrollPaused);
    connect(m_reconnectAction, &QAction::triggered, this, &MainWindow::reconnect);
    connect(m_disconnectAction, &QAction::triggered, this, [this] {
        if (SessionWidget *session = currentSession()) {
            if (session->mode() == SessionWidget::ClientMode)
                session->disconnectFromPeer();
            else
                session->stopListening();
        }
    });
    connect(m_replayAction, &QAction::triggered, this, &MainWindow::replaySelection);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createDocks()
{
    m_statsWidget = new StatsWidget(m_statsDock);
    m_statsDock->setWidget(m_statsWidget);
    addDockWidget(Qt::BottomDockWidgetArea, m_statsDock);
}

void MainWindow::createStatusBar()
{
    m_stateDot = new QLabel(this);
    m_stateDot->setObjectName(QStringLiteral("stateDot"));
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_countsLabel->setToolTip(tr("Commands shown / commands in the log"));
    statusBar()->addWidget(m_stateDot);
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_countsLabel);
}

// ---- sessions ----

SessionWidget *MainWindow::newClientSession(const QString &url)
{
    auto *session = new SessionWidget(SessionWidget::ClientMode);
    addSession(session);
    if (!url.isEmpty())
        session->connectTo(url);
    else
        session->urlBar()->setFocus();
    return session;
}

SessionWidget *MainWindow::newListenSession(const QList<QUrl> &urls)
{
    auto *session = new SessionWidget(SessionWidget::ListenMode);
    addSession(session);
    session->listen(urls);
    return session;
}

void MainWindow::addSession(SessionWidget *session)
{
    session->composer()->setTemplateStore(m_templateStore);
    session->setAutoscrollPaused(m_autoscrollPaused);
    QSettings settings;
    session->restoreLayout(&settings);
    // The ring buffer's size, "logCapacity" in the settings file (default 100 000 rows).
    session->model()->setCapacity(
            settings.value(QStringLiteral("logCapacity"), TrafficLogModel::DefaultCapacity)
                    .toInt());
    const int index = m_tabs->addTab(session, session->title());
    connect(session, &SessionWidget::titleChanged, this, [this, session](const QString &title) {
        const int i = m_tabs->indexOf(session);
        if (i >= 0) {
            m_tabs->setTabText(i, title);
            m_tabs->setTabToolTip(i, title);
        }
        if (session == currentSession())
            setWindowTitle(tr("%1 — DRS Inspector").arg(title));
    });
    connect(session, &SessionWidget::stateChanged, this,
            [this, session] { updateSessionStatus(session); });
    connect(session, &SessionWidget::countsChanged, this, [this, session] {
        if (session == currentSession())
            updateCounts();
    });
    connect(session, &SessionWidget::selectionChanged, this, [this, session] {
        if (session == currentSession())
            updateActions();
    });
    m_tabs->setCurrentIndex(index);
    updateSessionStatus(session);
}

SessionWidget *MainWindow::currentSession() const
{
    return qobject_cast<SessionWidget *>(m_tabs->currentWidget());
}

QList<SessionWidget *> MainWindow::sessions() const
{
    QList<SessionWidget *> result;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *session = qobject_cast<SessionWidget *>(m_tabs->widget(i)))
            result.append(session);
    }
    return result;
}

void MainWindow::closeSession(SessionWidget *session)
{
    const int index = m_tabs->indexOf(session);
    if (index < 0)
        return;
    QSettings settings;
    session->saveLayout(&settings);
    disconnect(session, nullptr, this, nullptr);
    m_tabs->removeTab(index);
    session->deleteLater();
}

void MainWindow::closeCurrentSession()
{
    closeSession(currentSession());
}

void MainWindow::onCurrentChanged()
{
    SessionWidget *session = currentSession();
    if (session && !session->isReadOnly())
        m_lastLiveSession = session;
    m_statsWidget->setStats(session ? session->stats() : nullptr);
    setWindowTitle(session ? tr("%1 — DRS Inspector").arg(session->title()) : tr("DRS Inspector"));
    updateSessionStatus(session);
    updateCounts();
}

void MainWindow::updateSessionStatus(SessionWidget *session)
{
    const int index = m_tabs->indexOf(session);
    if (session && index >= 0)
        m_tabs->setTabIcon(index, QIcon(dotPixmap(session->stateColor(), 12)));
    if (session != currentSession())
        return;
    if (session) {
        m_stateDot->setPixmap(dotPixmap(session->stateColor(), 12));
        m_stateLabel->setText(session->stateText());
        m_stateLabel->setToolTip(session->message());
    } else {
        m_stateDot->setPixmap(dotPixmap(QColor(0x8b, 0x94, 0x9e), 12));
        m_stateLabel->setText(tr("No session: File > New Connection (Ctrl+N) or Listen (Ctrl+L)"));
        m_stateLabel->setToolTip(QString());
    }
    updateActions();
}

void MainWindow::updateCounts()
{
    SessionWidget *session = currentSession();
    if (!session) {
        m_countsLabel->clear();
        return;
    }
    const TrafficFilterModel *filter = session->filterModel();
    m_countsLabel->setText(tr("%1 / %2 commands")
                                   .arg(QLocale().toString(filter->shownCount()),
                                        QLocale().toString(filter->totalCount())));
}

void MainWindow::updateActions()
{
    SessionWidget *session = currentSession();
    const bool live = session && !session->isReadOnly();
    m_exportAction->setEnabled(session);
    m_closeAction->setEnabled(session);
    m_copyAction->setEnabled(session);
    m_clearAction->setEnabled(session);
    m_findAction->setEnabled(session);
    m_reconnectAction->setEnabled(live);
    m_disconnectAction->setEnabled(live && session->state() != SessionWidget::UnconnectedState);
    m_replayAction->setEnabled(session && (live || m_lastLiveSession));
}

QAction *MainWindow::findAction(const QString &objectName) const
{
    return findChild<QAction *>(objectName);
}

// ---- actions ----

void MainWindow::newConnection()
{
    newClientSession();
}

void MainWindow::listenInteractively()
{
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
            this, tr("Listen"),
            tr("Serve DRS on these URLs, one per line (tcp://host:port, ws://host:port/path, "
               "local:name):"),
            QSettings()
                    .value(QStringLiteral("lastListenUrls"),
                           QStringLiteral("tcp://127.0.0.1:12000"))
                    .toString(),
            &ok);
    if (!ok)
        return;
    QList<QUrl> urls;
    QStringList bad;
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        const QUrl url = DrsTransport::urlFromUserInput(line);
        if (url.isValid() && !url.isEmpty())
            urls.append(url);
        else
            bad.append(line.trimmed());
    }
    if (!bad.isEmpty() || urls.isEmpty()) {
        QMessageBox::warning(
                this, tr("Listen"),
                bad.isEmpty()
                        ? tr("Give at least one URL to listen on.")
                        : tr("These are not endpoint URLs:\n%1").arg(bad.join(QLatin1Char('\n'))));
        return;
    }
    QSettings().setValue(QStringLiteral("lastListenUrls"), text.trimmed());
    newListenSession(urls);
}

void MainWindow::importInteractively()
{
    const QString fileName = QFileDialog::getOpenFileName(
            this, tr("Import Session"), lastDirectory(),
            tr("DRS sessions (*.ndjson *.jsonl *.json);;All files (*)"));
    if (fileName.isEmpty())
        return;
    setLastDirectory(fileName);
    ImportTarget target = NewTab;
    SessionWidget *session = currentSession();
    if (session) {
        QMessageBox box(QMessageBox::Question, tr("Import Session"),
                        tr("Import %1 into a new tab, or add it to the current log?")
                                .arg(QFileInfo(fileName).fileName()),
                        QMessageBox::Cancel, this);
        QPushButton *newTab = box.addButton(tr("New Tab"), QMessageBox::AcceptRole);
        QPushButton *current = box.addButton(tr("Current Log"), QMessageBox::AcceptRole);
        box.setDefaultButton(newTab);
        box.exec();
        if (box.clickedButton() == current)
            target = CurrentLog;
        else if (box.clickedButton() != newTab)
            return;
    }
    importFile(fileName, target);
}

SessionWidget *MainWindow::importFile(const QString &fileName, ImportTarget target)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Import Session"),
                                    tr("Cannot open %1: %2").arg(fileName, file.errorString()),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("importErrors"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return nullptr;
    }
    const SessionFile::ImportResult result = SessionFile::importRecords(&file);
    SessionWidget *session = target == CurrentLog ? currentSession() : nullptr;
    if (!session) {
        session = new SessionWidget(SessionWidget::ImportedMode);
        session->setSourceFile(fileName);
        addSession(session);
    }
    session->importRecords(result.records);
    statusBar()->showMessage(
            tr("Imported %n command(s) from %1", nullptr, int(result.records.size()))
                    .arg(QFileInfo(fileName).fileName()),
            5000);
    if (!result.errors.isEmpty()) {
        QStringList lines;
        for (const auto &error : result.errors) {
            if (lines.size() == MaxListedImportErrors) {
                lines.append(tr("… and %n more", nullptr,
                                int(result.errors.size()) - MaxListedImportErrors));
                break;
            }
            lines.append(tr("line %1: %2").arg(error.first).arg(error.second));
        }
        // Not modal: the good lines are in the log already, and the user may want to look.
        auto *box = new QMessageBox(
                QMessageBox::Warning, tr("Import Session"),
                tr("%1 is damaged: %n line(s) could not be read and were skipped; the other "
                   "%2 command(s) were imported.",
                   nullptr, int(result.errors.size()))
                        .arg(QFileInfo(fileName).fileName())
                        .arg(result.records.size()),
                QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("importErrors"));
        box->setInformativeText(lines.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    return session;
}

void MainWindow::exportInteractively()
{
    SessionWidget *session = currentSession();
    if (!session)
        return;
    const QString fileName = QFileDialog::getSaveFileName(
            this, tr("Export Session"), QStringLiteral("%1/session.ndjson").arg(lastDirectory()),
            tr("DRS sessions (*.ndjson);;All files (*)"));
    if (fileName.isEmpty())
        return;
    setLastDirectory(fileName);
    QString error;
    if (!exportFile(fileName, &error))
        QMessageBox::warning(this, tr("Export Session"),
                             tr("Cannot write %1: %2").arg(fileName, error));
}

bool MainWindow::exportFile(const QString &fileName, QString *error)
{
    SessionWidget *session = currentSession();
    if (!session) {
        if (error)
            *error = tr("no session to export");
        return false;
    }
    const QList<TrafficRecord> records = session->model()->records();
    QSaveFile file(fileName);
    QString why;
    if (!file.open(QIODevice::WriteOnly)) {
        why = file.errorString();
    } else if (SessionFile::exportRecords(records, &file, &why) && file.commit()) {
        statusBar()->showMessage(tr("Exported %n command(s) to %1", nullptr, int(records.size()))
                                         .arg(QFileInfo(fileName).fileName()),
                                 5000);
        return true;
    } else if (why.isEmpty()) {
        why = file.errorString();
    }
    if (error)
        *error = why;
    return false;
}

int MainWindow::replaySelection()
{
    SessionWidget *source = currentSession();
    if (!source)
        return 0;
    QList<DrsCommand> commands;
    const QList<TrafficRecord> records = source->selectedRecords();
    for (const TrafficRecord &record : records) {
        if (record.direction == TrafficRecord::Outgoing && !record.command.isReply())
            commands.append(record.command);
    }
    if (commands.isEmpty()) {
        statusBar()->showMessage(tr("Select outgoing commands to replay them."), 5000);
        return 0;
    }
    SessionWidget *target = source->isReadOnly() ? m_lastLiveSession.data() : source;
    if (!target || !target->canSend()) {
        statusBar()->showMessage(tr("No connected session to replay through."), 5000);
        return 0;
    }
    const int sent = target->replay(commands);
    statusBar()->showMessage(
            tr("Replayed %n command(s) through %1", nullptr, sent).arg(target->title()), 5000);
    return sent;
}

void MainWindow::copyAsJson()
{
    SessionWidget *session = currentSession();
    if (!session)
        return;
    const QString json = session->selectionAsJson();
    if (!json.isEmpty())
        QGuiApplication::clipboard()->setText(json);
}

void MainWindow::clearLog()
{
    if (SessionWidget *session = currentSession())
        session->clearLog();
}

void MainWindow::focusFilter()
{
    if (SessionWidget *session = currentSession())
        session->filterBar()->focusActionFilter();
}

void MainWindow::reconnect()
{
    SessionWidget *session = currentSession();
    if (!session)
        return;
    if (session->mode() == SessionWidget::ClientMode)
        session->reconnect();
    else if (session->mode() == SessionWidget::ListenMode) {
        // The served URLs keep the ports the system chose for :0.
        const QList<QUrl> served = session->serverUrls();
        session->stopListening();
        session->listen(served.isEmpty() ? session->listenUrls() : served);
    }
}

void MainWindow::setAutoscrollPaused(bool paused)
{
    m_autoscrollPaused = paused;
    if (m_pauseAction->isChecked() != paused)
        m_pauseAction->setChecked(paused);
    const QList<SessionWidget *> all = sessions();
    for (SessionWidget *session : all)
        session->setAutoscrollPaused(paused);
}

void MainWindow::showAbout()
{
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

// ---- settings ----

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/autoscrollPaused"), m_autoscrollPaused);
    if (SessionWidget *session = currentSession())
        session->saveLayout(&settings);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("mainWindow/geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = settings.value(QStringLiteral("mainWindow/state")).toByteArray();
    if (!state.isEmpty())
        restoreState(state);
    setAutoscrollPaused(
            settings.value(QStringLiteral("mainWindow/autoscrollPaused"), false).toBool());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

QString MainWindow::lastDirectory() const
{
    return QSettings().value(QStringLiteral("lastDirectory")).toString();
}

void MainWindow::setLastDirectory(const QString &fileName)
{
    QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(fileName).absolutePath());
}
