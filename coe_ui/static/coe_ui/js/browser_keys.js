/* coe-ui: the certificate kubeconfig whose private key never leaves the browser
   (the Download Kubeconfig dialog, _kubeconfig.html; the server half is
   coe_ui/content/clusters/browser_keys.py).

   With WebCrypto (window.crypto.subtle: browsers offer it over HTTPS and on
   localhost) the key pair is made here, ECDSA P-256 or RSA 2048 as the
   dialog's Key type says, and the CSR with @peculiar/x509 (the bundle in
   vendor/, loaded the first time it is needed). Only the CSR is posted;
   the answer is the kubeconfig coe_backend rendered with a placeholder
   where the key goes, which is the one thing put in here. Without WebCrypto
   the same answer comes with a key the server made. The file is then saved
   (a Blob and a link) and the dialog says what it is. */
(function ($) {
  'use strict';

  var FORM = 'form[data-coe-key-url]';
  var ADMIN_GROUP = 'system:masters';  // coe_backend's build_csr names the same
  var ALGORITHMS = {
    ecdsa: {name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256'},
    rsa: {name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256'}
  };
  var library = null;

  function canMakeKeys() {
    return Boolean(window.crypto && window.crypto.subtle);
  }

  function chosenFormat(form) {
    var $checked = $(form).find('input[name="format"]:checked');
    return $checked.length ? $checked.val() : $(form).find('[name="format"]').val();
  }

  // Which sentence says where the key is made, for the format chosen now.
  function showOrigin(form) {
    var format = chosenFormat(form);
    var origin = format === 'certificate' ? (canMakeKeys() ? 'browser' : 'server')
      : (format === 'bundle' ? 'bundle' : null);
    $(form).find('.coe-key-origin').each(function () {
      this.hidden = this.getAttribute('data-coe-origin') !== origin;
    });
  }

  function pem(label, buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return '-----BEGIN ' + label + '-----\n' + btoa(binary).match(/.{1,64}/g).join('\n') +
      '\n-----END ' + label + '-----\n';
  }

  // A new key pair and a CSR for it, subject CN=<user>, O=system:masters.
  async function keyAndRequest(form, keyType) {
    library = library || import(form.getAttribute('data-coe-x509'));
    var x509 = await library;
    var algorithm = ALGORITHMS[keyType] || ALGORITHMS.ecdsa;
    var keys = await window.crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    var request = await x509.Pkcs10CertificateRequestGenerator.create({
      name: [{CN: [form.getAttribute('data-coe-user')]}, {O: [ADMIN_GROUP]}],
      keys: keys,
      signingAlgorithm: algorithm
    });
    var pkcs8 = await window.crypto.subtle.exportKey('pkcs8', keys.privateKey);
    return {csr: request.toString('pem'), keyPem: pem('PRIVATE KEY', pkcs8)};
  }

  function save(filename, text) {
    var url = URL.createObjectURL(new Blob([text], {type: 'application/yaml'}));
    var link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function say($result, kind, text) {
    $result.empty().append($('<div class="alert"/>').addClass('alert-' + kind).text(text));
  }

  async function download(form) {
    var $form = $(form);
    var $result = $form.find('.coe-key-result');
    var $submit = $form.closest('.modal, form').find('[type=submit]');
    var keyType = $form.find('[name="key_type"]').val();
    var fields = new URLSearchParams();
    var made = null;
    $submit.prop('disabled', true);
    $result.attr('aria-busy', 'true');
    say($result, 'info', $result.attr('data-coe-working'));
    try {
      if (canMakeKeys()) {
        made = await keyAndRequest(form, keyType);
        fields.set('csr', made.csr);
      }
      fields.set('key_type', keyType);
      var response;
      try {
        response = await fetch(form.getAttribute('data-coe-key-url'), {
          method: 'POST', body: fields, credentials: 'same-origin', cache: 'no-store',
          headers: {'X-CSRFToken': $form.find('[name="csrfmiddlewaretoken"]').val(),
                    'X-Requested-With': 'XMLHttpRequest'}});
      } catch (unreachable) {
        say($result, 'danger', $result.attr('data-coe-unreachable'));
        return;
      }
      var answer = null;
      if ((response.headers.get('Content-Type') || '').indexOf('application/json') === 0) {
        answer = await response.json();
      }
      if (!answer) {  // a login page: the session or its CSRF token expired
        say($result, 'danger', $result.attr('data-coe-expired'));
        return;
      }
      if (!response.ok) {
        say($result, 'danger', answer.error);
        return;
      }
      var config = answer.config;
      if (answer.key_placeholder) {
        if (!made || config.split(answer.key_placeholder).length !== 2) {
          say($result, 'danger', $result.attr('data-coe-failed'));
          return;
        }
        config = config.replace(answer.key_placeholder, btoa(made.keyPem));
      }
      save(answer.filename, config);
      $result.html(answer.about);  // rendered and escaped by Django
    } catch (error) {
      say($result, 'danger', $result.attr('data-coe-failed') + ': ' + (error && error.message));
    } finally {
      made = null;
      $result.attr('aria-busy', 'false');
      $submit.prop('disabled', false);
    }
  }

  // Captured on the document, before Horizon's modal handlers and coe_ui.js's
  // native submit: the certificate kubeconfig is made here; the zip and the
  // Keystone kubeconfig post as before.
  document.addEventListener('submit', function (evt) {
    var form = evt.target;
    if (!form.matches || !form.matches(FORM) || chosenFormat(form) !== 'certificate' ||
        typeof window.fetch !== 'function' || typeof window.Blob !== 'function') {
      return;
    }
    evt.preventDefault();
    evt.stopPropagation();
    download(form);
  }, true);

  $(document).on('change', FORM + ' [name="format"]', function () {
    showOrigin(this.form);
  });
  horizon.modals.addModalInitFunction(function (modal) {
    $(modal).find(FORM).each(function () { showOrigin(this); });
  });
  $(function () { $(FORM).each(function () { showOrigin(this); }); });
}(jQuery));
