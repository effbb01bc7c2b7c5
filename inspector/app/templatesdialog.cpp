#include "templatesdialog.h"

#include "jsonhighlighter.h"
#include "templatesmodel.h"
#include "templatestore.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListView>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace {
QString bodyText(const QJsonValue &body)
{
    if (body.isObject())
        return QString::fromUtf8(QJsonDocument(body.toObject()).toJson(QJsonDocument::Indented));
    if (body.isArray())
        return QString::fromUtf8(QJsonDocument(body.toArray()).toJson(QJsonDocument::Indented));
    const QByteArray wrapped = QJsonDocument(QJsonArray { body }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}
} // namespace

TemplatesDialog::TemplatesDialog(TemplateStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_model(new TemplatesModel(store, this))
    , m_list(new QListView(this))
    , m_name(new QLineEdit(this))
    , m_group(new QComboBox(this))
    , m_action(new QLineEdit(this))
    , m_body(new QPlainTextEdit(this))
    , m_up(new QPushButton(tr("Move &Up"), this))
    , m_down(new QPushButton(tr("Move &Down"), this))
    , m_remove(new QPushButton(tr("&Delete"), this))
{
    setWindowTitle(tr("Templates"));
    setObjectName(QStringLiteral("templatesDialog"));

    m_list->setObjectName(QStringLiteral("templatesList"));
    m_list->setModel(m_model);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);

    m_name->setObjectName(QStringLiteral("templateName"));
    m_group->setObjectName(QStringLiteral("templateGroup"));
    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_action->setObjectName(QStringLiteral("templateAction"));
    m_body->setObjectName(QStringLiteral("templateBody"));
    m_body->setReadOnly(true);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new JsonHighlighter(m_body->document());
    m_up->setObjectName(QStringLiteral("templateUp"));
    m_down->setObjectName(QStringLiteral("templateDown"));
    m_remove->setObjectName(QStringLiteral("templateDelete"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Group:"), m_group);
    form->addRow(tr("&Action:"), m_action);
    form->addRow(tr("Body:"), m_body);

    auto *moveButtons = new QHBoxLayout;
    moveButtons->addWidget(m_up);
    moveButtons->addWidget(m_down);
    moveButtons->addStretch();
    moveButtons->addWidget(m_remove);

    auto *left = new QVBoxLayout;
    left->addWidget(m_list);
    left->addLayout(moveButtons);

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(form, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_up, &QPushButton::clicked, this, &TemplatesDialog::moveUp);
    connect(m_down, &QPushButton::clicked, this, &TemplatesDialog::moveDown);
    connect(m_remove, &QPushButton::clicked, this, &TemplatesDialog::removeCurrent);
    connect(m_name, &QLineEdit::editingFinished, this, &TemplatesDialog::applyName);
    connect(m_action, &QLineEdit::editingFinished, this, &TemplatesDialog::applyAction);
    connect(m_group->lineEdit(), &QLineEdit::editingFinished, this, &TemplatesDialog::applyGroup);
    connect(m_group, &QComboBox::activated, this, &TemplatesDialog::applyGroup);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TemplatesDialog::currentChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TemplatesDialog::currentChanged);
    connect(m_model, &QAbstractItemModel::rowsMoved, this, &TemplatesDialog::currentChanged);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TemplatesDialog::currentChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TemplatesDialog::currentChanged);

    if (m_model->rowCount() > 0)
        setCurrentRow(0);
    currentChanged();
    resize(640, 400);
}

TemplatesDialog::~TemplatesDialog() = default;

int TemplatesDialog::currentRow() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void TemplatesDialog::setCurrentRow(int row)
{
    m_list->setCurrentIndex(m_model->index(row, 0));
}

void TemplatesDialog::moveUp()
{
    const int row = currentRow();
    if (row > 0)
        m_model->moveRows(QModelIndex(), row, 1, QModelIndex(), row - 1);
}

void TemplatesDialog::moveDown()
{
    const int row = currentRow();
    if (row >= 0 && row + 1 < m_model->rowCount())
        m_model->moveRows(QModelIndex(), row, 1, QModelIndex(), row + 2);
}

void TemplatesDialog::removeCurrent()
{
    const int row = currentRow();
    if (row >= 0)
        m_model->removeRows(row, 1);
}

void TemplatesDialog::currentChanged()
{
    updateGroups();
    const QModelIndex current = m_list->currentIndex();
    const bool valid = current.isValid();
    m_name->setEnabled(valid);
    m_group->setEnabled(valid);
    m_action->setEnabled(valid);
    m_up->setEnabled(valid && current.row() > 0);
    m_down->setEnabled(valid && current.row() + 1 < m_model->rowCount());
    m_remove->setEnabled(valid);
    if (!valid) {
        m_name->clear();
        m_group->setEditText(QString());
        m_action->clear();
        m_body->clear();
        return;
    }
    const TemplateStore::Template t = m_store->at(current.row());
    m_name->setText(t.name);
    m_group->setEditText(t.group);
    m_action->setText(t.action);
    m_body->setPlainText(bodyText(t.body));
}

void TemplatesDialog::applyName()
{
    const QModelIndex current = m_list->currentIndex();
    if (current.isValid() && !m_model->setData(current, m_name->text(), TemplatesModel::NameRole))
        m_name->setText(current.data(TemplatesModel::NameRole).toString());
}

void TemplatesDialog::applyGroup()
{
    const QModelIndex current = m_list->currentIndex();
    if (current.isValid())
        m_model->setData(current, m_group->currentText(), TemplatesModel::GroupRole);
}

void TemplatesDialog::applyAction()
{
    const QModelIndex current = m_list->currentIndex();
    if (current.isValid()
        && !m_model->setData(current, m_action->text(), TemplatesModel::ActionRole))
        m_action->setText(current.data(TemplatesModel::ActionRole).toString());
}

void TemplatesDialog::updateGroups()
{
    const QString text = m_group->currentText();
    const QStringList groups = m_store->groups();
    QStringList items;
    for (int i = 0; i < m_group->count(); ++i)
        items.append(m_group->itemText(i));
    if (items != groups) {
        const QSignalBlocker blocker(m_group);
        m_group->clear();
        m_group->addItems(groups);
    }
    m_group->setEditText(text);
}

SaveTemplateDialog::SaveTemplateDialog(TemplateStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_name(new QLineEdit(this))
    , m_group(new QComboBox(this))
    , m_note(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Save as Template"));
    setObjectName(QStringLiteral("saveTemplateDialog"));
    m_name->setObjectName(QStringLiteral("saveTemplateName"));
    m_group->setObjectName(QStringLiteral("saveTemplateGroup"));
    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_group->addItems(store ? store->groups() : QStringList());
    m_group->setEditText(QString());
    m_group->lineEdit()->setPlaceholderText(tr("no group"));
    m_note->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Group:"), m_group);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &SaveTemplateDialog::updateState);
    connect(m_group, &QComboBox::editTextChanged, this, &SaveTemplateDialog::updateState);
    updateState();
}

SaveTemplateDialog::~SaveTemplateDialog() = default;

QString SaveTemplateDialog::name() const
{
    return m_name->text().trimmed();
}

void SaveTemplateDialog::setName(const QString &name)
{
    m_name->setText(name);
}

QString SaveTemplateDialog::group() const
{
    return m_group->currentText().trimmed();
}

void SaveTemplateDialog::setGroup(const QString &group)
{
    m_group->setEditText(group);
}

void SaveTemplateDialog::updateState()
{
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!name().isEmpty());
    const bool replaces = m_store && !name().isEmpty() && m_store->indexOf(name(), group()) >= 0;
    m_note->setText(replaces ? tr("A template with this name exists in this group: saving "
                                  "replaces it.")
                             : QString());
}
