// Forms as WordPress plugins, HubSpot, Next.js and ASP.NET render them: their plumbing fields (nonces, state,
// HubSpot's tracking cookie, server-action ids, captcha answers, long opaque blobs) never leave the browser, short
// hidden fields that mean something (plan, campaign, product) still do, and a name split in sub-labelled parts
// under a legend reaches the log as the person's name. Both builds.
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureSchema } from '../../worker/ingest/capture';
import { extractIdentity } from '../../worker/ingest/identity';
import { BUILDS, boot, sentStrings, submit } from './harness';

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]);
  await env?.close();
  env = undefined;
});

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${value}">`;
/** A base64 blob as frameworks write their state (Gravity's state_N, ASP.NET's __VIEWSTATE): 120 characters. */
const BLOB = `${'WyJbXSIsIjZiMGQ3ZTQ5ODJmYjY0ZTdlNjFiNzY2OGE2NGVlN2VjIl0'.repeat(3).slice(0, 118)}==`;
/** A gclid as Google Ads writes it: long and opaque, but a click id the sales team wants. */
const GCLID = 'Cj0KCQiA4L67BhDUARIsADWrl7HRQfYbPgA3xkFmI2j6xAXqQ0BQ6nHNZb9sCkWGdmYsW3tSMEA1YlUaAs9gEALw_wcB';

/** Contact Form 7 (5.9): its hidden block, then the fields in labels. */
const CF7 = `<form action="/contact/#wpcf7-f5-p2-o1" method="post" class="wpcf7-form init" aria-label="Contact form" novalidate="novalidate" data-status="init">
<div style="display: none;">${hidden('_wpcf7', '5')}${hidden('_wpcf7_version', '5.9.8')}${hidden('_wpcf7_locale', 'en_US')}${hidden('_wpcf7_unit_tag', 'wpcf7-f5-p2-o1')}${hidden('_wpcf7_container_post', '2')}${hidden('_wpcf7_posted_data_hash', '9f1c2b7e4a0d3e6f8b5c1a2d4e6f8a0b')}${hidden('_wpcf7_recaptcha_response', BLOB)}</div>
<p><label> Your name<br><span class="wpcf7-form-control-wrap" data-name="your-name"><input size="40" class="wpcf7-form-control wpcf7-text" autocomplete="name" value="Ada Lovelace" type="text" name="your-name"></span></label></p>
<p><label> Your email<br><span class="wpcf7-form-control-wrap" data-name="your-email"><input size="40" class="wpcf7-form-control wpcf7-email" autocomplete="email" value="ada@example.com" type="email" name="your-email"></span></label></p>
${hidden('utm_campaign', 'spring-launch')}
<p><input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" value="Submit"></p></form>`;

/** HubSpot's embedded (v3, non-iframe) form: hs_context carries the hutk tracking cookie and the page. */
const HUBSPOT = `<form novalidate accept-charset="UTF-8" action="https://forms.hsforms.com/submissions/v3/public/submit/formsnext/multipart/123/abc" enctype="multipart/form-data" id="hsForm_abc" method="POST" class="hs-form stacked hs-custom-form">
<div class="hs_email hs-email hs-fieldtype-text field hs-form-field"><label id="label-email-abc" for="email-abc"><span>Email</span></label><div class="input"><input id="email-abc" name="email" required type="email" class="hs-input" inputmode="email" autocomplete="email" value="ada@example.com"></div></div>
<div class="hs_firstname hs-firstname hs-fieldtype-text field hs-form-field"><label for="firstname-abc"><span>First name</span></label><div class="input"><input id="firstname-abc" name="firstname" type="text" class="hs-input" autocomplete="given-name" value="Ada"></div></div>
${hidden('plan', 'enterprise')}
<input name="hs_context" type="hidden" value='{"embedAtTimestamp":"1733190000000","formDefinitionUpdatedAt":"1733100000000","hutk":"5f7c1e2d9a3b4c6d8e0f1a2b3c4d5e6f","pageUrl":"https://www.example.com/pricing","pageTitle":"Pricing"}'>
${hidden('hutk', '5f7c1e2d9a3b4c6d8e0f1a2b3c4d5e6f')}
<div class="hs_submit hs-submit"><div class="actions"><input type="submit" class="hs-button primary large" value="Submit"></div></div></form>`;

/** Gravity Forms 2.8: the name field is a fieldset (legend "Name", sub-labels First / Last), the footer its state. */
const GRAVITY = `<form method="post" enctype="multipart/form-data" id="gform_1" action="/contact/" novalidate>
<div class="gform-body gform_body"><div id="gform_fields_1" class="gform_fields top_label form_sublabel_below description_below">
<fieldset id="field_1_1" class="gfield gfield--type-name gfield_contains_required field_sublabel_below"><legend class="gfield_label gform-field-label gfield_label_before_complex">Name<span class="gfield_required"><span class="gfield_required gfield_required_text">(Required)</span></span></legend>
<div class="ginput_complex ginput_container ginput_container--name no_prefix has_first_name no_middle_name has_last_name no_suffix gf_name_has_2 ginput_container_name gform-grid-row" id="input_1_1">
<span id="input_1_1_3_container" class="name_first gform-grid-col gform-grid-col--size-auto"><input type="text" name="input_1.3" id="input_1_1_3" value="Ada" aria-required="true"><label for="input_1_1_3" class="gform-field-label gform-field-label--type-sub">First</label></span>
<span id="input_1_1_6_container" class="name_last gform-grid-col gform-grid-col--size-auto"><input type="text" name="input_1.6" id="input_1_1_6" value="Lovelace" aria-required="true"><label for="input_1_1_6" class="gform-field-label gform-field-label--type-sub">Last</label></span>
</div></fieldset>
<div id="field_1_2" class="gfield gfield--type-email"><label class="gfield_label gform-field-label" for="input_1_2">Email</label><div class="ginput_container ginput_container_email"><input name="input_2" id="input_1_2" type="email" value="ada@example.com"></div></div>
<div id="field_1_4" class="gfield gfield--type-hidden gform_hidden"><div class="ginput_container ginput_container_text"><input name="input_4" id="input_1_4" type="hidden" class="gform_hidden" value="widget-pro"></div></div>
</div></div>
<div class="gform-footer gform_footer top_label"><input type="submit" id="gform_submit_button_1" class="gform_button button" value="Submit">
${hidden('is_submit_1', '1')}${hidden('gform_submit', '1')}${hidden('gform_unique_id', '65b7c2d1e4f3a')}${hidden('state_1', BLOB)}${hidden('gform_target_page_number_1', '0')}${hidden('gform_source_page_number_1', '1')}${hidden('gform_field_values', 'a=b')}
</div></form>`;

/** WPForms 1.8: the name field is a fieldset with the legend "Name *" and sub-labels First / Last. */
const WPFORMS = `<form id="wpforms-form-8" class="wpforms-validate wpforms-form" data-formid="8" method="post" action="/contact/">
<div class="wpforms-field-container">
<div id="wpforms-8-field_0-container" class="wpforms-field wpforms-field-name" data-field-id="0"><fieldset><legend class="wpforms-field-label">Name <span class="wpforms-required-label">*</span></legend>
<div class="wpforms-field-row wpforms-field-medium"><div class="wpforms-field-row-block wpforms-first wpforms-one-half"><input type="text" id="wpforms-8-field_0" class="wpforms-field-name-first wpforms-field-required" name="wpforms[fields][0][first]" value="Ada"><label for="wpforms-8-field_0" class="wpforms-field-sublabel after">First</label></div>
<div class="wpforms-field-row-block wpforms-one-half"><input type="text" id="wpforms-8-field_0-last" class="wpforms-field-name-last wpforms-field-required" name="wpforms[fields][0][last]" value="Lovelace"><label for="wpforms-8-field_0-last" class="wpforms-field-sublabel after">Last</label></div></div></fieldset></div>
<div id="wpforms-8-field_1-container" class="wpforms-field wpforms-field-email"><label class="wpforms-field-label" for="wpforms-8-field_1">Email <span class="wpforms-required-label">*</span></label><input type="email" id="wpforms-8-field_1" class="wpforms-field-medium wpforms-field-required" name="wpforms[fields][1]" value="ada@example.com"></div>
</div>
${hidden('wpforms[id]', '8')}${hidden('_wpnonce', 'a1b2c3d4e5')}${hidden('_wp_http_referer', '/contact/')}
<div class="wpforms-submit-container"><button type="submit" name="wpforms[submit]" id="wpforms-submit-8" class="wpforms-submit" value="wpforms-submit">Submit</button></div></form>`;

/** Ninja Forms 3 as its client renders it: First Name / Last Name fields inside a fieldset that is no name. */
const NINJA = `<form><div class="nf-form-content"><fieldset><legend>Your details</legend><nf-fields-wrap>
<nf-field><div id="nf-field-1-container" class="nf-field-container firstname-container label-above"><div class="nf-field-label"><label for="nf-field-1" id="nf-label-field-1">First Name <span class="ninja-forms-req-symbol">*</span></label></div><div class="nf-field-element"><input type="text" value="Ada" class="ninja-forms-field nf-element" id="nf-field-1" name="nf-field-1" aria-labelledby="nf-label-field-1"></div></div></nf-field>
<nf-field><div id="nf-field-2-container" class="nf-field-container lastname-container label-above"><div class="nf-field-label"><label for="nf-field-2" id="nf-label-field-2">Last Name</label></div><div class="nf-field-element"><input type="text" value="Lovelace" class="ninja-forms-field nf-element" id="nf-field-2" name="nf-field-2" aria-labelledby="nf-label-field-2"></div></div></nf-field>
<nf-field><div id="nf-field-3-container" class="nf-field-container email-container label-above"><div class="nf-field-label"><label for="nf-field-3" id="nf-label-field-3">Email</label></div><div class="nf-field-element"><input type="email" value="ada@example.com" class="ninja-forms-field nf-element" id="nf-field-3" name="nf-field-3"></div></div></nf-field>
</nf-fields-wrap></fieldset><button>Submit</button></div></form>`;

/** A Next.js server action rendered for progressive enhancement (React 19's $ACTION_ fields). */
const NEXT = `<form action="" enctype="multipart/form-data" method="POST">
${hidden('$ACTION_REF_1', 'x')}${hidden('$ACTION_1:0', '{&quot;id&quot;:&quot;7f8d2c9a0b1e3f5a6c7d8e9f0a1b2c3d4e5f6a7b&quot;,&quot;bound&quot;:&quot;$@1&quot;}')}${hidden('$ACTION_1:1', '[]')}${hidden('$ACTION_KEY', 'k2837465')}${hidden('$ACTION_ID_7f8d2c9a0b1e3f5a6c7d8e9f0a1b2c3d4e5f6a7b', 'x')}
<label for="email">Email</label><input id="email" name="email" type="email" value="ada@example.com">
${hidden('product', 'analytics-suite')}${hidden('gclid', GCLID)}${hidden('ref_blob', BLOB)}
<button type="submit">Request a demo</button></form>`;

/** ASP.NET WebForms and MVC: view state, event validation, the anti-forgery token, a reCAPTCHA answer. */
const ASPNET = `<form method="post" action="./Contact.aspx" id="form1">
<div class="aspNetHidden">${hidden('__EVENTTARGET', 'x')}${hidden('__EVENTARGUMENT', 'x')}${hidden('__VIEWSTATE', `/wEPDwUK${BLOB}`)}</div>
<div class="aspNetHidden">${hidden('__VIEWSTATEGENERATOR', 'C2EE9ABB')}${hidden('__EVENTVALIDATION', `/wEdAAR${BLOB}`)}${hidden('__RequestVerificationToken', BLOB)}</div>
<label for="MainContent_txtEmail">Email</label><input name="ctl00$MainContent$txtEmail" type="text" id="MainContent_txtEmail" value="ada@example.com">
${hidden('ctl00$MainContent$hfPlan', 'team')}
<textarea name="g-recaptcha-response" style="display:none">${BLOB}</textarea><textarea name="h-captcha-response" style="display:none">${BLOB}</textarea>
<input type="submit" name="ctl00$MainContent$btnSend" value="Send" id="MainContent_btnSend"></form>`;

describe.each(BUILDS)('%s', (build) => {
  it.each([
    ['Contact Form 7', CF7, { 'your-name': 'Ada Lovelace', 'your-email': 'ada@example.com', utm_campaign: 'spring-launch' }],
    ['HubSpot', HUBSPOT, { email: 'ada@example.com', firstname: 'Ada', plan: 'enterprise' }],
    ['Gravity Forms', GRAVITY, { 'input_1.3': 'Ada', 'input_1.6': 'Lovelace', input_2: 'ada@example.com', input_4: 'widget-pro' }],
    [
      'WPForms',
      WPFORMS,
      {
        'wpforms[fields][0][first]': 'Ada',
        'wpforms[fields][0][last]': 'Lovelace',
        'wpforms[fields][1]': 'ada@example.com',
        'wpforms[id]': '8',
        'wpforms[submit]': 'wpforms-submit',
      },
    ],
    ['Next.js server-action', NEXT, { email: 'ada@example.com', product: 'analytics-suite', gclid: GCLID }],
    ['ASP.NET', ASPNET, { ctl00$MainContent$txtEmail: 'ada@example.com', ctl00$MainContent$hfPlan: 'team', ctl00$MainContent$btnSend: 'Send' }],
  ])('sends no plumbing from %s markup, and its short hidden fields still', async (_name, html, expected) => {
    env = await boot({ build, html });
    await submit(env);
    expect(env.requests).toHaveLength(1);
    const body = env.requests[0]!.body;
    expect(Object.fromEntries(body.fields.map((f) => [f.name, f.value]))).toEqual(expected);
    // Nothing of the plumbing anywhere in the request: not HubSpot's cookie, not a blob.
    expect(sentStrings([body]).filter((s) => /5f7c1e2d|WyJbXSIs|7f8d2c9a/.test(s))).toEqual([]);
  });

  it.each([
    ['WPForms', WPFORMS, 'Ada Lovelace'],
    ['Gravity Forms', GRAVITY, 'Ada Lovelace'],
    ['Ninja Forms', NINJA, 'Ada Lovelace'],
    ['Contact Form 7', CF7, 'Ada Lovelace'],
  ])("reads the person's name from %s markup's name fields", async (_name, html, name) => {
    env = await boot({ build, html });
    await submit(env);
    expect(env.requests).toHaveLength(1);
    // As the worker reads the capture (worker/ingest/capture.ts, then identity.ts).
    const capture = v.parse(CaptureSchema, env.requests[0]!.body);
    expect(extractIdentity(capture.fields)).toMatchObject({ name, email: 'ada@example.com' });
  });

  it('heads a sub-label with its fieldset legend, once', async () => {
    env = await boot({ build, html: WPFORMS });
    await submit(env);
    const capture = v.parse(CaptureSchema, env.requests[0]!.body);
    expect(capture.fields.slice(0, 3).map((f) => f.label)).toEqual(['Name * — First', 'Name * — Last', 'Email *']);
  });
});
