// jQuery as its docs write an AJAX form: on submit, preventDefault and $.ajax with $(form).serialize(); the
// server's error message goes on the page, the visitor corrects the field and sends again.
import $ from 'jquery';

$('#lead').on('submit', function (e) {
  e.preventDefault();
  $.ajax({ url: '/api/lead', method: 'POST', data: $(this).serialize() })
    .done(() => $('#result').attr('class', 'done').text('Thanks, we will be in touch.'))
    .fail((xhr) => $('#result').attr('class', 'error').text($(xhr.responseText).text()));
});
