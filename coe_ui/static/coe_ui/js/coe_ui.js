/* coe-ui: the create wizards' Review step, downloads from modal forms, copy buttons,
   actions that are not possible right now, what assistive technology is told, the
   cluster list searched, ordered and paged in place. */
(function ($) {
  'use strict';

  // Review: when its tab opens, post the whole wizard form (CSRF token
  // included) and show the server's rendering of what would be created.
  function loadReview($pane) {
    var $review = $pane.find('[data-coe-review-url]');
    if (!$review.length) { return; }
    var $form = $review.closest('form');
    $review.attr('aria-busy', 'true').html('<p class="coe-muted">' + gettext('Checking…') + '</p>');
    $.post($review.attr('data-coe-review-url'), $form.serialize())
      .done(function (html) { $review.html(html); })
      .fail(function () {
        $review.html($('<div class="alert alert-danger"/>').text(
          gettext('The review could not be loaded; you can still create the cluster.')));
      })
      .always(function () {
        $review.attr('aria-busy', 'false');
        followReview($review);
      });
  }

  // Create waits while the Review says the cluster cannot be made, and says why.
  function followReview($review) {
    var $footer = $review.closest('.modal, form').find('.modal-footer, .form-actions').first();
    var $create = $footer.find('.button-final');
    var reason = $review.find('[data-coe-blocks-create]').attr('data-coe-blocks-create');
    $footer.find('.coe-create-blocked').remove();
    $create.prop('disabled', Boolean(reason)).attr('aria-disabled', reason ? 'true' : null);
    if (reason) {
      $create.before($('<span class="help-block coe-create-blocked"/>').text(reason));
    }
  }

  // Horizon's wizard can announce the same tab twice: load once.
  var pending = null;
  $(document).on('shown.bs.tab', '.workflow a[data-toggle="tab"]', function (evt) {
    var $pane = $($(evt.target).attr('href'));
    clearTimeout(pending);
    pending = setTimeout(function () { loadReview($pane); }, 50);
  });

  // Credentials are files: let the browser post these forms itself (Horizon
  // would send them through AJAX and could only keep text), then close the modal.
  horizon.modals.addModalInitFunction(function (modal) {
    $(modal).find('form.coe-native-submit').on('submit', function (evt) {
      evt.stopPropagation();
      var $modal = $(this).closest('.modal');
      setTimeout(function () { $modal.modal('hide'); }, 300);
    });
  });

  // An action not possible right now stays visible with its reason as a
  // tooltip (coe_ui.css lets the pointer reach it): it must not act. Bound
  // on <body> so that it runs before Horizon's handlers on the document.
  $(function () {
    $('body').on('click', '.disabled[data-coe-reason]', function (evt) {
      evt.preventDefault();
      evt.stopPropagation();
    });
  });

  // A row that changes can change what the table's own actions allow (Add
  // Node Group waits for the cluster): then take the table's actions and
  // notes from a fresh copy of its page or tab, as a reload would show them.
  // A change during a refresh asks for one more, so the last state is shown.
  var refreshing = {};
  function refreshTableActions(table) {
    var id = table.id;
    if (refreshing[id]) { refreshing[id] = 'again'; return; }
    refreshing[id] = true;
    var pane = $(table).closest('.tab-pane[id]').attr('id');
    var url = pane ? window.location.pathname + '?tab=' + encodeURIComponent(pane)
                   : window.location.href;
    setTimeout(function () {
      $.get(url).done(function (html) {
        var $fresh = $('<div/>').append($.parseHTML(html));
        var $actions = $fresh.find('#' + id + ' .table_actions');
        if ($actions.length) { $('#' + id + ' .table_actions').replaceWith($actions); }
        var $notes = $fresh.find('[data-coe-note-for="' + id + '"]');
        if ($notes.length) { $('[data-coe-note-for="' + id + '"]').replaceWith($notes); }
      }).always(function () {
        var again = refreshing[id] === 'again';
        delete refreshing[id];
        if (again) { refreshTableActions(table); }
      });
    }, 300);
  }
  function waitsOnState(table) {
    return $(table).find('.table_actions .disabled[data-coe-reason]').length ||
      $('[data-coe-note-for="' + table.id + '"]').text().trim();
  }
  $(document).on('update', 'table.datatable[id]', function () {
    if (waitsOnState(this)) { refreshTableActions(this); }
  });
  // Rows stop changing once they settle, while the cluster may settle later:
  // look again every few seconds while rows update, once after, and for as
  // long as an action waits on a busy cluster (data-coe-waits).
  setInterval(function () {
    $('table.datatable[id]').each(function () {
      var busy = $(this).find('tr.ajax-update').length > 0;
      var waits = $(this).find('.table_actions [data-coe-waits]').length > 0;
      if ((busy || waits || $(this).data('coeWasBusy')) && waitsOnState(this)) {
        refreshTableActions(this);
      }
      $(this).data('coeWasBusy', busy);
    });
  }, 3000);

  // coe-ui's wizard steps (project/clusters/_workflow.html): the open one
  // is the current step for a screen reader too.
  $(document).on('shown.bs.tab', '.coe-wizard-steps a[data-toggle="tab"]', function () {
    $(this).closest('.coe-wizard-steps').find('a[aria-current]').removeAttr('aria-current');
    $(this).attr('aria-current', 'step');
  });

  // In coe-ui's tables, dialogs and wizards, assistive technology is told
  // what the eye sees. Horizon marks a button that cannot act now with a
  // class alone (a batch action while no row is ticked, the wizard's Back on
  // its first step), which a screen reader announces as a working button:
  // aria-disabled follows the class. Horizon's number fields come with two
  // unnamed arrow buttons; the field itself takes the arrow keys, so they
  // leave the tab order and the accessibility tree.
  function tellAssistiveTechnology() {
    var $markup = $('table.coe-table, .coe-dialog').add($('.coe-wizard-steps').closest('.workflow'));
    $markup.find('.btn').each(function () {
      var disabled = this.disabled || $(this).hasClass('disabled');
      if (disabled !== (this.getAttribute('aria-disabled') === 'true')) {
        $(this).attr('aria-disabled', disabled ? 'true' : null);
      }
    });
    $markup.find('.themable-spinner-btn:not([tabindex])').attr({tabindex: '-1', 'aria-hidden': 'true'});
  }
  var telling = null;
  $(function () {
    tellAssistiveTechnology();
    new MutationObserver(function () {
      if (telling === null) {
        telling = setTimeout(function () { telling = null; tellAssistiveTechnology(); }, 0);
      }
    }).observe(document.body, {subtree: true, childList: true, attributes: true,
                               attributeFilter: ['class', 'disabled']});
  });

  // The cluster wizard's "From the template" choices name what the chosen
  // template gives (wizard_data.template_defaults), and so does its Labels step.
  var INHERITED = ['keypair', 'master_flavor_id', 'flavor_id', 'fixed_network',
                   'fixed_subnet', 'master_lb_enabled', 'floating_ip_enabled'];
  function showTemplateDefaults($form) {
    var $data = $form.find('#coe-template-defaults');
    if (!$data.length) { return; }
    var defaults = JSON.parse($data.text())[$form.find('#id_cluster_template_id').val()] || {};
    $.each(INHERITED, function (index, field) {
      var $select = $form.find('#id_' + field);
      var $option = $select.find('option[value=""]');
      if (!$option.length) { return; }
      if ($select.data('coeInherit') === undefined) { $select.data('coeInherit', $option.text().trim()); }
      var text = $select.data('coeInherit') + (defaults[field] ? ': ' + defaults[field] : '');
      $option.text(text);
      var $themable = $select.closest('.themable-select');
      $themable.find('a[data-select-value=""]').text(text);
      if (!$select.val()) { $themable.find('.dropdown-title').text(text); }
    });
    $form.find('[data-coe-from-template="labels"]').text(
      defaults.labels || gettext('choose a template first'));
  }
  $(document).on('change', '#id_cluster_template_id', function () {
    showTemplateDefaults($(this).closest('form'));
  });
  horizon.modals.addModalInitFunction(function (modal) {
    showTemplateDefaults($(modal).find('form'));
  });
  $(function () {  // the wizard opened as a page of its own
    $('#coe-template-defaults').each(function () { showTemplateDefaults($(this).closest('form')); });
  });

  // A box that turns an option on shows the fields that only matter then
  // (data-coe-shows names them), e.g. the autoscaling bounds.
  function showDependentFields($scope) {
    $scope.find('input[data-coe-shows]').each(function () {
      var $box = $(this);
      var $form = $box.closest('form');
      $.each(String($box.data('coeShows')).split(' '), function (index, name) {
        $form.find('[name="' + name + '"]').closest('.form-group').toggle($box.prop('checked'));
      });
    });
  }
  $(document).on('change', 'input[data-coe-shows]', function () {
    showDependentFields($(this).closest('form'));
  });
  horizon.modals.addModalInitFunction(function (modal) { showDependentFields($(modal)); });
  $(function () { showDependentFields($(document)); });

  $(document).on('click', '.coe-copy', function () {
    var text = $(this).closest('.modal, .modal-content, body').find($(this).data('copy-from')).val();
    if (navigator.clipboard) { navigator.clipboard.writeText(text); }
    horizon.toast.add('success', gettext('Copied.'));
  });

  // The cluster list in place: a search, an order or another page replaces
  // only the list (the view answers such a request with _list.html), keeps
  // the browser's history, and leaves busy rows to Horizon's row polling.
  // Without JavaScript the same links and the search box load whole pages.
  function loadList(url, remember) {
    var $list = $('[data-coe-list]');
    // Horizon's polling runs while a busy row is shown; else start it.
    var polling = $('tr.warning.ajax-update').length > 0;
    $list.attr('aria-busy', 'true');
    $.ajax({url: url, headers: {'X-Requested-With': 'XMLHttpRequest'}}).done(function (html) {
      $list.html(html);
      if (remember) { window.history.pushState({coeList: true}, '', url); }
      var $form = $list.find('.table_wrapper > form');
      horizon.datatables.add_table_checkboxes($list);
      horizon.datatables.set_table_sorting($list);
      horizon.datatables.initialize_checkboxes_behavior();
      horizon.datatables.initialize_table_tooltips();
      horizon.datatables.validate_button($form);
      horizon.datatables.disable_actions_on_submit($form);
      if (!polling) { horizon.datatables.update(); }
      $list.find('table.datatable').attr('tabindex', '-1').focus();
    }).fail(function () {
      window.location.href = url;  // the whole page, with Horizon's message
    }).always(function () {
      $list.removeAttr('aria-busy');
    });
  }
  $(document).on('click', '[data-coe-list] a[href^="?"]', function (evt) {
    if (evt.ctrlKey || evt.metaKey || evt.shiftKey || evt.button) { return; }
    evt.preventDefault();
    loadList(window.location.pathname + $(this).attr('href'), true);
  });
  function searchInPlace(evt) {
    evt.preventDefault();
    var params = new URLSearchParams(window.location.search);
    var words = ($('[data-coe-list] .table_search input[type=text]').val() || '').trim();
    if (words) { params.set('q', words); } else { params.delete('q'); }
    params.delete('marker');  // a new search starts on its first page
    params.delete('prev_marker');
    var query = params.toString();
    loadList(window.location.pathname + (query ? '?' + query : ''), true);
  }
  $(document).on('click', '[data-coe-list] .table_search button[type=submit]', searchInPlace);
  $(document).on('keydown', '[data-coe-list] .table_search input[type=text]', function (evt) {
    if (evt.key === 'Enter') { searchInPlace(evt); }
  });
  // Captured, to come before Horizon's AngularJS: its $location (HTML5 mode)
  // answers a history entry it did not make by pushing the page's first URL,
  // so the next Back would land on that new entry instead.
  window.addEventListener('popstate', function (evt) {
    if (!$('[data-coe-list]').length) { return; }
    evt.stopImmediatePropagation();
    loadList(window.location.href, false);
  }, true);
}(jQuery));
