// TemplateStore, its list model and dialog, and the composer's Templates menu: editing,
// ordering, groups, and templates that survive a restart (QSettings in a temporary folder).
#include <composerwidget.h>
#include <templatesdialog.h>
#include <templatesmodel.h>
#include <templatestore.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListView>
#include <QtWidgets/QMenu>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>

using Template = TemplateStore::Template;

class tst_Templates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void addUpdateMoveRemove();
    void groups();
    void templatesSurviveRestart();
    void composerSavesAndLoadsTemplates();
    void model();
    void dialogReordersRenamesAndDeletes();

private:
    static QStringList names(const TemplateStore &store)
    {
        QStringList result;
        for (const Template &t : store.templates())
            result.append(t.name);
        return result;
    }

    QTemporaryDir m_settingsDir;
};

void tst_Templates::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("QtDrsTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_templates"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void tst_Templates::init()
{
    QSettings().clear();
}

void tst_Templates::addUpdateMoveRemove()
{
    TemplateStore store;
    QSignalSpy changed(&store, &TemplateStore::changed);
    QCOMPARE(store.count(), 0);

    QCOMPARE(store.add({ QStringLiteral("a"), QString(), QStringLiteral("x.a"), QJsonObject() }),
             0);
    QCOMPARE(store.add({ QStringLiteral("b"), QStringLiteral("g"), QStringLiteral("x.b"), 1 }), 1);
    QCOMPARE(store.add({ QStringLiteral("c"), QStringLiteral("g"), QStringLiteral("x.c"), true }),
             2);
    QCOMPARE(changed.count(), 3);
    QCOMPARE(names(store), QStringList({ "a", "b", "c" }));
    QCOMPARE(store.at(1).body, QJsonValue(1));
    QCOMPARE(store.indexOf(QStringLiteral("b"), QStringLiteral("g")), 1);
    QCOMPARE(store.indexOf(QStringLiteral("b")), -1); // b is in group g

    const Template renamed { QStringLiteral("B"), QStringLiteral("h"), QStringLiteral("x.b2"),
                             QJsonArray { 1, 2 } };
    QVERIFY(store.update(1, renamed));
    QCOMPARE(changed.count(), 4);
    QCOMPARE(store.at(1), renamed);
    QVERIFY(store.update(1, renamed)); // no change, no signal
    QCOMPARE(changed.count(), 4);

    QVERIFY(store.move(0, 2));
    QCOMPARE(names(store), QStringList({ "B", "c", "a" }));
    QVERIFY(store.move(2, 0));
    QCOMPARE(names(store), QStringList({ "a", "B", "c" }));
    QCOMPARE(changed.count(), 6);

    QVERIFY(store.remove(1));
    QCOMPARE(names(store), QStringList({ "a", "c" }));
    QCOMPARE(changed.count(), 7);

    // Out of range: refused, nothing changes.
    QVERIFY(!store.update(5, renamed));
    QVERIFY(!store.remove(-1));
    QVERIFY(!store.remove(2));
    QVERIFY(!store.move(0, 2));
    QVERIFY(!store.move(-1, 0));
    QCOMPARE(changed.count(), 7);
    QCOMPARE(names(store), QStringList({ "a", "c" }));
}

void tst_Templates::groups()
{
    TemplateStore store;
    QVERIFY(store.groups().isEmpty());
    store.add({ QStringLiteral("1"), QStringLiteral("users"), QStringLiteral("u"), 1 });
    store.add({ QStringLiteral("2"), QString(), QStringLiteral("v"), 2 });
    store.add({ QStringLiteral("3"), QStringLiteral("chat"), QStringLiteral("w"), 3 });
    store.add({ QStringLiteral("4"), QStringLiteral("users"), QStringLiteral("x"), 4 });
    QCOMPARE(store.groups(), QStringList({ "users", "chat" }));
    store.move(2, 0);
    QCOMPARE(store.groups(), QStringList({ "chat", "users" }));
    store.remove(0);
    QCOMPARE(store.groups(), QStringList({ "users" }));
}

void tst_Templates::templatesSurviveRestart()
{
    const QList<Template> expected {
        { QStringLiteral("Get Ada"), QStringLiteral("users"), QStringLiteral("user.get"),
          QJsonObject { { QStringLiteral("id"), qint64(9007199254740993LL) } } },
        { QStringLiteral("Ping"), QString(), QStringLiteral("drs.ping"), QJsonValue() },
        { QStringLiteral("Say hi"), QStringLiteral("chat"), QStringLiteral("chat.send"),
          QStringLiteral("hi, \u00e9t\u00e9 \u2713") },
        { QStringLiteral("List"), QStringLiteral("users"), QStringLiteral("user.list"),
          QJsonArray { 1, QJsonObject { { QStringLiteral("deep"), false } } } },
    };
    {
        TemplateStore store;
        for (const Template &t : expected)
            store.add(t);
    }
    {
        TemplateStore restarted;
        QCOMPARE(restarted.templates(), expected);
        QCOMPARE(restarted.groups(), QStringList({ "users", "chat" }));
        QVERIFY(QSettings().childGroups().contains(QStringLiteral("templates")));

        // A change in one store is seen by another after reload().
        TemplateStore other;
        QSignalSpy otherChanged(&other, &TemplateStore::changed);
        restarted.move(3, 0);
        restarted.remove(2);
        other.reload();
        QCOMPARE(otherChanged.count(), 1);
        QCOMPARE(names(other), QStringList({ "List", "Get Ada", "Say hi" }));
        other.reload(); // nothing new
        QCOMPARE(otherChanged.count(), 1);
    }
    TemplateStore afterRestart;
    QCOMPARE(names(afterRestart), QStringList({ "List", "Get Ada", "Say hi" }));
    QCOMPARE(afterRestart.at(1), expected.at(0));
}

void tst_Templates::composerSavesAndLoadsTemplates()
{
    {
        TemplateStore store;
        ComposerWidget composer;
        QVERIFY(!composer.saveAsTemplate(QStringLiteral("nowhere"))); // no store yet
        composer.setTemplateStore(&store);
        composer.setCommand(DrsCommand(QStringLiteral("user.get"),
                                       QJsonObject { { QStringLiteral("id"), 7 } }));
        QVERIFY(composer.saveAsTemplate(QStringLiteral("Get 7"), QStringLiteral("users")));
        composer.setCommand(DrsCommand(QStringLiteral("drs.ping"), QJsonValue()));
        QVERIFY(composer.saveAsTemplate(QStringLiteral("Ping")));
        QCOMPARE(store.count(), 2);

        // Saving under an existing name in the same group replaces it.
        composer.setCommand(DrsCommand(QStringLiteral("user.get"),
                                       QJsonObject { { QStringLiteral("id"), 8 } }));
        QVERIFY(composer.saveAsTemplate(QStringLiteral("Get 7"), QStringLiteral("users")));
        QCOMPARE(store.count(), 2);
        QCOMPARE(store.at(0).body.toObject().value(QStringLiteral("id")).toInt(), 8);

        // An invalid body is not saved.
        composer.findChild<QPlainTextEdit *>(QStringLiteral("composerBody"))
                ->setPlainText(QStringLiteral("{nope"));
        QVERIFY(!composer.saveAsTemplate(QStringLiteral("Broken")));
        QCOMPARE(store.count(), 2);
    }

    // After a restart, the Templates menu offers them, by group, and loads them.
    TemplateStore store;
    ComposerWidget composer;
    composer.setTemplateStore(&store);
    QMenu *menu = composer.templatesMenu();
    QMenu *users = nullptr;
    QAction *ping = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->menu() && action->text() == QStringLiteral("users"))
            users = action->menu();
        else if (action->text() == QStringLiteral("Ping"))
            ping = action;
    }
    QVERIFY(users);
    QVERIFY(ping);
    QCOMPARE(users->actions().size(), 1);
    QCOMPARE(users->actions().first()->text(), QStringLiteral("Get 7"));

    users->actions().first()->trigger();
    QCOMPARE(composer.action(), QStringLiteral("user.get"));
    QCOMPARE(composer.body(), QJsonValue(QJsonObject { { QStringLiteral("id"), 8 } }));
    ping->trigger();
    QCOMPARE(composer.action(), QStringLiteral("drs.ping"));
    QCOMPARE(composer.body(), QJsonValue(QJsonValue::Null));

    // The menu follows the store.
    store.add({ QStringLiteral("Later"), QStringLiteral("misc"), QStringLiteral("m"), 1 });
    bool found = false;
    for (QAction *action : menu->actions())
        found = found || (action->menu() && action->text() == QStringLiteral("misc"));
    QVERIFY(found);
}

void tst_Templates::model()
{
    TemplateStore store;
    store.add({ QStringLiteral("a"), QString(), QStringLiteral("x.a"), 1 });
    store.add({ QStringLiteral("b"), QStringLiteral("g"), QStringLiteral("x.b"), 2 });
    store.add({ QStringLiteral("c"), QString(), QStringLiteral("x.c"), 3 });
    store.add({ QStringLiteral("d"), QStringLiteral("g"), QStringLiteral("x.d"), 4 });
    TemplatesModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("a"));
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("b (g)"));
    QCOMPARE(model.index(1, 0).data(Qt::EditRole).toString(), QStringLiteral("b"));
    QCOMPARE(model.index(1, 0).data(TemplatesModel::ActionRole).toString(), QStringLiteral("x.b"));
    QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsDragEnabled);
    QVERIFY(model.flags(QModelIndex()) & Qt::ItemIsDropEnabled);

    // Rename and regroup through the model, as an item editor does.
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setData(model.index(0, 0), QStringLiteral("alpha")));
    QVERIFY(model.setData(model.index(0, 0), QStringLiteral("grp"), TemplatesModel::GroupRole));
    QVERIFY(!model.setData(model.index(0, 0), QStringLiteral("  "))); // a name is required
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(store.at(0).name, QStringLiteral("alpha"));
    QCOMPARE(store.at(0).group, QStringLiteral("grp"));

    // Reorder as QListView's InternalMove drop does (row before which to insert).
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QVERIFY(model.moveRow(QModelIndex(), 0, QModelIndex(), 4)); // first to the end
    QCOMPARE(names(store), QStringList({ "b", "c", "d", "alpha" }));
    QVERIFY(model.moveRows(QModelIndex(), 2, 2, QModelIndex(), 0)); // d, alpha to the top
    QCOMPARE(names(store), QStringList({ "d", "alpha", "b", "c" }));
    QVERIFY(!model.moveRow(QModelIndex(), 1, QModelIndex(), 2)); // onto itself
    QCOMPARE(moved.count(), 2);
    QCOMPARE(model.index(0, 0).data(TemplatesModel::NameRole).toString(), QStringLiteral("d"));

    QVERIFY(model.removeRows(1, 2));
    QCOMPARE(names(store), QStringList({ "d", "c" }));

    // Changes made elsewhere reach the model.
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    store.add({ QStringLiteral("e"), QString(), QStringLiteral("x.e"), 5 });
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 3);
}

void tst_Templates::dialogReordersRenamesAndDeletes()
{
    TemplateStore store;
    store.add({ QStringLiteral("one"), QString(), QStringLiteral("a.one"), 1 });
    store.add({ QStringLiteral("two"), QStringLiteral("g"), QStringLiteral("a.two"), 2 });
    store.add({ QStringLiteral("three"), QString(), QStringLiteral("a.three"), 3 });

    TemplatesDialog dialog(&store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *list = dialog.findChild<QListView *>(QStringLiteral("templatesList"));
    auto *up = dialog.findChild<QPushButton *>(QStringLiteral("templateUp"));
    auto *down = dialog.findChild<QPushButton *>(QStringLiteral("templateDown"));
    auto *remove = dialog.findChild<QPushButton *>(QStringLiteral("templateDelete"));
    auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("templateName"));
    auto *group = dialog.findChild<QComboBox *>(QStringLiteral("templateGroup"));
    QVERIFY(list && up && down && remove && name && group);
    QCOMPARE(list->dragDropMode(), QAbstractItemView::InternalMove);

    QCOMPARE(dialog.currentRow(), 0);
    QCOMPARE(name->text(), QStringLiteral("one"));
    QVERIFY(!up->isEnabled());
    QTest::mouseClick(down, Qt::LeftButton);
    QCOMPARE(names(store), QStringList({ "two", "one", "three" }));
    QCOMPARE(dialog.currentRow(), 1); // the selection follows the moved template
    QTest::mouseClick(down, Qt::LeftButton);
    QCOMPARE(names(store), QStringList({ "two", "three", "one" }));
    QVERIFY(!down->isEnabled());
    QTest::mouseClick(up, Qt::LeftButton);
    QCOMPARE(names(store), QStringList({ "two", "one", "three" }));

    // Rename and regroup the selected one.
    dialog.setCurrentRow(0);
    QCOMPARE(name->text(), QStringLiteral("two"));
    QCOMPARE(group->currentText(), QStringLiteral("g"));
    name->setText(QStringLiteral("deux"));
    Q_EMIT name->editingFinished();
    group->setEditText(QStringLiteral("numbers"));
    Q_EMIT group->lineEdit()->editingFinished();
    QCOMPARE(store.at(0).name, QStringLiteral("deux"));
    QCOMPARE(store.at(0).group, QStringLiteral("numbers"));
    QCOMPARE(list->model()->index(0, 0).data().toString(), QStringLiteral("deux (numbers)"));

    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(names(store), QStringList({ "one", "three" }));
}

QTEST_MAIN(tst_Templates)
#include "tst_templates.moc"
