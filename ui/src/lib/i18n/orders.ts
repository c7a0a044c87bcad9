// UI text of sales orders: the orders list, order entry, the order page, the
// delivery note and customer returns. Merged into the dictionaries in ../i18n.ts.

export const ordersEn = {
  orders_title: 'Orders',
} as const;

export const ordersZh: Record<keyof typeof ordersEn, string> = {
  orders_title: '订单',
};
