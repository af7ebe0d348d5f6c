import { formatMoney } from '@tillpoint/sdk/schemas';
import escapeHtml from 'escape-html';
import { z } from 'zod';

/** What every template may use besides its own data. */
export interface TemplateContext {
  shopName: string;
  /** The link-ready token that opens a guest's order (`orders/order-link-tokens.ts`), computed when rendering. */
  orderLinkToken?: (orderId: string) => string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A template: the schema of its data, then plain-text and HTML renderings of the same lines. */
interface Template<S extends z.ZodType> {
  data: S;
  render(data: z.output<S>, context: TemplateContext): { subject: string; lines: string[] };
}

const template = <S extends z.ZodType>(definition: Template<S>) => definition;

const money = z.object({ amount: z.number().int(), currency: z.string() });
const show = (value: z.output<typeof money>) => formatMoney(value.amount, value.currency);

/**
 * Every email the daemon sends. Text is the source; HTML is the same lines, escaped, in a minimal layout, so the
 * two never drift apart.
 */
export const EMAIL_TEMPLATES = {
  welcome: template({
    data: z.object({ name: z.string().nullable().optional() }),
    render: (data, { shopName }) => ({
      subject: `Welcome to ${shopName}`,
      lines: [`Hello${data.name ? ` ${data.name}` : ''},`, `your account at ${shopName} is ready.`],
    }),
  }),
  verify_email: template({
    data: z.object({ token: z.string(), expiresAt: z.string() }),
    render: (data, { shopName }) => ({
      subject: `Confirm your email for ${shopName}`,
      lines: [
        `Welcome to ${shopName}. Confirm that this address is yours with this token:`,
        data.token,
        `It works once, until ${data.expiresAt}: open the shop's verification page, or send it to POST /v1/auth/verify-email.`,
        'If you did not sign up, ignore this email: the account stays unverified.',
      ],
    }),
  }),
  signup_attempt: template({
    data: z.object({}),
    render: (_data, { shopName }) => ({
      subject: `Someone tried to sign up at ${shopName} with your email`,
      lines: [
        `Someone tried to create an account at ${shopName} with this address, which already has one.`,
        'If it was you: sign in with your password, or reset it if you forgot it.',
        'If it was not you: nothing changed, and you do not need to do anything.',
      ],
    }),
  }),
  password_reset: template({
    data: z.object({ token: z.string(), expiresAt: z.string() }),
    render: (data, { shopName }) => ({
      subject: `Reset your ${shopName} password`,
      lines: [
        'Someone (hopefully you) asked to reset the password of this account.',
        `Your reset token: ${data.token}`,
        `It works once, until ${data.expiresAt}. Use it with \`till password reset --token …\` or the shop's reset page.`,
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ],
    }),
  }),
  order_confirmation: template({
    data: z.object({
      orderId: z.string(),
      total: money,
      items: z.number().int(),
      /** A guest order: the email carries the token that opens it, as a guest has no account to sign in with. */
      guest: z.boolean().optional(),
    }),
    render: (data, { shopName, orderLinkToken }) => ({
      subject: `${shopName}: order ${data.orderId} confirmed`,
      lines: [
        `Thank you: your payment for order ${data.orderId} went through.`,
        `${data.items} item(s), total ${show(data.total)}.`,
        ...(data.guest && orderLinkToken
          ? [
              `Your order token: ${orderLinkToken(data.orderId)}`,
              "It opens this order on the shop's order page (or as the X-Order-Token header). Keep it private.",
            ]
          : []),
      ],
    }),
  }),
  payment_receipt: template({
    data: z.object({ paymentId: z.string(), orderId: z.string(), amount: money }),
    render: (data, { shopName }) => ({
      subject: `${shopName}: receipt for ${show(data.amount)}`,
      lines: [
        `We received ${show(data.amount)} for order ${data.orderId}.`,
        `Payment reference: ${data.paymentId}.`,
      ],
    }),
  }),
  refund_notice: template({
    data: z.object({ paymentId: z.string(), orderId: z.string(), amount: money }),
    render: (data, { shopName }) => ({
      subject: `${shopName}: refund of ${show(data.amount)}`,
      lines: [
        `We refunded ${show(data.amount)} for order ${data.orderId}.`,
        'Depending on your bank it can take a few days to appear.',
      ],
    }),
  }),
  webhook_endpoint_disabled: template({
    data: z.object({ endpointId: z.string(), url: z.string(), failingSince: z.string() }),
    render: (data, { shopName }) => ({
      subject: `${shopName}: webhook endpoint disabled`,
      lines: [
        `Webhook endpoint ${data.endpointId} (${data.url}) has failed every delivery since ${data.failingSince} and was disabled.`,
        `Fix the receiver, then re-enable it: till webhooks endpoints update ${data.endpointId} --status enabled`,
      ],
    }),
  }),
};

export type EmailTemplateName = keyof typeof EMAIL_TEMPLATES;
export const EMAIL_TEMPLATE_NAMES = Object.keys(EMAIL_TEMPLATES) as [
  EmailTemplateName,
  ...EmailTemplateName[],
];

/** Renders a template. @throws a ZodError when `data` does not fit the template. */
export function renderEmail(name: EmailTemplateName, data: unknown, context: TemplateContext): RenderedEmail {
  const template = EMAIL_TEMPLATES[name] as Template<z.ZodType>;
  const { subject, lines } = template.render(template.data.parse(data), context);
  const text = `${lines.join('\n\n')}\n\n— ${context.shopName}\n`;
  const body = lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const html = `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.5">\n${body}\n<p>— ${escapeHtml(context.shopName)}</p>\n</body></html>\n`;
  return { subject, text, html };
}
