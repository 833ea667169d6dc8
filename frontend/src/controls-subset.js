// The @jupyter-widgets/controls classes the explainer's widgets use (explainer/dashboard.py:
// Box, HBox, VBox, HTML, Button, Checkbox, RadioButtons, ToggleButtons, Dropdown, and their
// style models), which build.mjs puts in the page instead of all of them. A widget class not
// listed here fails to draw ("Class X not found in module @jupyter-widgets/controls" in the console);
// tests/test_frontend.py fails first.
export { BoxModel, BoxView, HBoxModel, HBoxView, VBoxModel, VBoxView } from '@jupyter-widgets/controls/lib/widget_box';
export { HTMLModel, HTMLView, HTMLStyleModel } from '@jupyter-widgets/controls/lib/widget_string';
export { ButtonModel, ButtonView, ButtonStyleModel } from '@jupyter-widgets/controls/lib/widget_button';
export { CheckboxModel, CheckboxView, CheckboxStyleModel } from '@jupyter-widgets/controls/lib/widget_bool';
export {
  DropdownModel,
  DropdownView,
  RadioButtonsModel,
  RadioButtonsView,
  ToggleButtonsModel,
  ToggleButtonsView,
  ToggleButtonsStyleModel,
} from '@jupyter-widgets/controls/lib/widget_selection';
export { DescriptionStyleModel } from '@jupyter-widgets/controls/lib/widget_description';
