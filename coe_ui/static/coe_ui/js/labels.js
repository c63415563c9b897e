/* The labels editor of coe_ui/labels_field.py.
 *
 * The field is a textarea of key=value pairs, and the textarea is what the
 * form submits. This script shows it as key/value rows (add, remove, suggested
 * keys) and writes the rows back into it on every change. Text is only shown
 * as rows when it reads exactly as coe_backend.parse_labels reads it; any
 * other text stays text, for the server to explain, so nothing is dropped or
 * rewritten on the way.
 */
(function ($) {
  'use strict';


  // Split at commas and newlines, except inside a double-quoted value
  // (coe_backend.labels._split_pairs).
  function splitPairs(text) {
    var pieces = [], current = '';
    var seenEquals = false, valueStarted = false, quoted = false, escaped = false;
    for (var i = 0; i < text.length; i++) {
      var char = text.charAt(i);
      if (quoted) {
        current += char;
        if (escaped) {
          escaped = false;
        } else if (char === '\\') {
          escaped = true;
        } else if (char === '"') {
          quoted = false;
        }
        continue;
      }
      if (char === ',' || char === '\n') {
        pieces.push(current);
        current = '';
        seenEquals = valueStarted = false;
        continue;
      }
      current += char;
      if (char === '=' && !seenEquals) {
        seenEquals = true;
      } else if (seenEquals && !valueStarted && char.trim()) {
        valueStarted = true;
        quoted = char === '"';
      }
    }
    pieces.push(current);
    return pieces;
  }

  // [[key, value], ...], or null when the text is not well-formed pairs.
  function parse(text) {
    var pairs = [], seen = Object.create(null);
    var pieces = splitPairs(text);
    for (var i = 0; i < pieces.length; i++) {
      var fragment = pieces[i].trim();
      if (!fragment) {
        continue;
      }
      var at = fragment.indexOf('=');
      var key = at < 0 ? '' : fragment.slice(0, at).trim();
      var value = fragment.slice(at + 1).trim();
      if (!key || seen[key]) {
        return null;
      }
      if (value.charAt(0) === '"') {
        var match = /^"((?:[^"\\]|\\[\s\S])*)"$/.exec(value);
        if (!match) {
          return null;
        }
        value = match[1].replace(/\\([\s\S])/g, '$1');
      }
      seen[key] = true;
      pairs.push([key, value]);
    }
    return pairs;
  }

  // coe_backend.labels._quote_if_needed
  function quote(value) {
    if (value !== value.trim() || value.charAt(0) === '"' || /[,\n\r]/.test(value)) {
      return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
    }
    return value;
  }

  function Editor($textarea) {
    this.$textarea = $textarea;
    this.listId = ($textarea.attr('id') || 'labels') + '-suggestions';
    this.$rows = $('<div class="coe-labels-rows"></div>');
    this.$message = $('<p class="help-block coe-labels-message"></p>').hide();
    this.$toggle = $('<button type="button" class="btn btn-link btn-sm"></button>');
    var $add = $('<button type="button" class="btn btn-default btn-sm coe-labels-add"></button>')
      .text(gettext('Add label'));
    this.$datalist = $('<datalist></datalist>').attr('id', this.listId);
    var $tools = $('<div class="coe-labels-tools"></div>').append($add, this.$toggle);
    this.$panel = $('<div class="coe-labels-editor"></div>')
      .append(this.$rows, $tools, this.$message, this.$datalist);
    $textarea.before(this.$panel);

    var editor = this;
    // The catalog of the driver that builds the cluster (labels_field.py):
    // a fixed one, or the one the form's choice of image or template names.
    var follows = $textarea.data('labelFollows');
    if (follows) {
      $textarea.closest('form').on('change', '[name="' + follows + '"]', function () {
        editor.offer();
      });
    }
    this.offer();
    $add.on('click', function () { editor.addRow('', '').find('.coe-label-key').focus(); });
    this.$toggle.on('click', function () {
      if (editor.asRows) {
        editor.showText();
      } else {
        editor.showRows(true);
      }
    });
    this.showRows(false);
  }

  // Suggest the chosen driver's labels, each with what it does, its type,
  // its default and whether it can change after create.
  Editor.prototype.offer = function () {
    var $textarea = this.$textarea, driver = $textarea.data('labelDriver');
    var follows = $textarea.data('labelFollows');
    if (follows) {
      var chosen = $textarea.closest('form').find('[name="' + follows + '"]').val();
      driver = ($textarea.data('labelDrivers') || {})[chosen] || driver;
    }
    this.suggestions = ($textarea.data('labelCatalogs') || {})[driver] || {};
    var $datalist = this.$datalist.empty();
    $.each(this.suggestions, function (key, about) {
      $('<option></option>').attr({value: key, label: about.description + ' (' + about.hint + ')'})
        .appendTo($datalist);
    });
    var editor = this;
    this.$rows.find('.coe-label-key').each(function () { editor.describe($(this)); });
  };

  Editor.prototype.showRows = function (asked) {
    var pairs = parse(this.$textarea.val());
    if (pairs === null) {
      // Keep the text: the server names what it cannot read.
      this.showText();
      if (asked) {
        this.$message.text(gettext(
          'This text is not key=value pairs yet; fix it here, or save to see what is wrong.')).show();
      }
      return;
    }
    this.asRows = true;
    this.$message.hide();
    this.$rows.empty();
    for (var i = 0; i < pairs.length; i++) {
      this.addRow(pairs[i][0], pairs[i][1]);
    }
    this.$textarea.hide();
    this.$rows.show();
    this.$panel.find('.coe-labels-add').show();
    this.$toggle.text(gettext('Edit as text'));
  };

  Editor.prototype.showText = function () {
    this.asRows = false;
    this.$rows.hide();
    this.$panel.find('.coe-labels-add').hide();
    this.$textarea.show();
    this.$toggle.text(gettext('Edit as rows'));
  };

  Editor.prototype.addRow = function (key, value) {
    var editor = this;
    var $key = $('<input type="text" class="form-control coe-label-key">')
      .attr({list: this.listId, placeholder: gettext('key'), 'aria-label': gettext('Label key')})
      .val(key);
    var $value = $('<input type="text" class="form-control coe-label-value">')
      .attr({placeholder: gettext('value'), 'aria-label': gettext('Label value')})
      .val(value);
    var $remove = $('<button type="button" class="btn btn-default btn-sm coe-label-remove">&times;</button>')
      .attr({title: gettext('Remove label'), 'aria-label': gettext('Remove label')});
    // What the key does, read out with it.
    var hintId = this.listId + '-hint-' + (this.hints = (this.hints || 0) + 1);
    var $hint = $('<p class="help-block coe-label-hint"></p>').attr('id', hintId).hide();
    $key.attr('aria-describedby', hintId);
    var $row = $('<div class="coe-label-row"></div>')
      .append($key, $('<span class="coe-label-equals">=</span>'), $value, $remove, $hint);
    this.$rows.append($row);
    this.describe($key);

    $key.on('input', function () {
      // Typing "key=value" into the key box fills both boxes.
      var text = $key.val(), at = text.indexOf('=');
      if (at >= 0) {
        $key.val(text.slice(0, at));
        $value.val(text.slice(at + 1) + $value.val()).focus();
      }
      editor.describe($key);
      editor.write();
    });
    $key.on('paste', function (event) {
      var pasted = (event.originalEvent.clipboardData || {getData: function () { return ''; }})
        .getData('text');
      if (pasted.indexOf('\n') >= 0 || pasted.indexOf(',') >= 0) {
        event.preventDefault();
        editor.paste($row, pasted);
      }
    });
    $key.on('change', function () {
      // A suggested key comes with its default, to keep or change.
      var about = editor.suggestions[$.trim($key.val())];
      if (about && about['default'] && !$value.val()) {
        $value.val(about['default']);
        editor.write();
      }
    });
    $value.on('input', function () { editor.write(); });
    $remove.on('click', function () {
      $row.remove();
      editor.write();
    });
    return $row;
  };

  // Pasted pairs become rows; text that is not pairs goes to the text view.
  Editor.prototype.paste = function ($row, pasted) {
    var pairs = parse(pasted);
    if (pairs === null) {
      this.write();
      this.$textarea.val($.trim(this.$textarea.val() + '\n' + pasted));
      this.showRows(true);
      return;
    }
    if (!$row.find('.coe-label-key').val() && !$row.find('.coe-label-value').val()) {
      $row.remove();
    }
    for (var i = 0; i < pairs.length; i++) {
      this.addRow(pairs[i][0], pairs[i][1]);
    }
    this.write();
  };

  Editor.prototype.describe = function ($key) {
    var about = this.suggestions[$.trim($key.val())];
    var $hint = $key.closest('.coe-label-row').find('.coe-label-hint');
    $key.attr('title', about ? about.description : '');
    $hint.text(about ? about.description + ' (' + about.hint + ')' : '').toggle(!!about)
      .toggleClass('coe-label-immutable', !!(about && about.immutable));
  };

  Editor.prototype.write = function () {
    var lines = [];
    this.$rows.find('.coe-label-row').each(function () {
      var key = $.trim($(this).find('.coe-label-key').val());
      var value = $(this).find('.coe-label-value').val();
      if (key || value) {
        lines.push(key + '=' + quote(value));
      }
    });
    this.$textarea.val(lines.join('\n'));
  };

  function enhance(root) {
    $(root).find('textarea[data-labels-editor]').each(function () {
      var $textarea = $(this);
      // A disabled field (e.g. locked while clusters use the template) stays text.
      if (!$textarea.data('coeLabelsEditor') && !$textarea.prop('disabled')) {
        $textarea.data('coeLabelsEditor', new Editor($textarea));
      }
    });
  }

  horizon.addInitFunction(function () { enhance(document); });
  horizon.modals.addModalInitFunction(enhance);
})(jQuery);
