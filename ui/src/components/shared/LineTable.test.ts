import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import LineTable from './LineTable.svelte';

type Row = { id: number; name: string; bad?: boolean };

// One cell a line is enough to see what the table draws around the caller's cells.
const cells = createRawSnippet((row: () => Row) => ({ render: () => `<td class="name">${row().name}</td>` }));

function draw(rows: Row[], extra: Record<string, unknown> = {}) {
  return render(LineTable<Row>, {
    label: 'Lines',
    columns: [{ label: 'Name' }, { label: 'Remove', hidden: true }],
    rows,
    key: (r: Row) => r.id,
    cells,
    rowTestid: 'line',
    rowAttrs: (r: Row, i: number) => ({ 'data-key': r.id, 'data-index': i }),
    rowClass: (r: Row) => ({ bad: !!r.bad }),
    lineError: (r: Row, i: number) => (r.bad ? `line ${i + 1} is wrong` : null),
    empty: 'No lines yet',
    ...extra,
  });
}

describe('LineTable', () => {
  it('numbers the lines and gives each row its test id, data attributes and classes', () => {
    draw([{ id: 7, name: 'a' }, { id: 9, name: 'b', bad: true }]);
    const table = screen.getByRole('table', { name: 'Lines' });
    expect(table.closest('.table-wrap')).toBeTruthy();
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim())).toEqual(['#', 'Name', 'Remove']);
    expect(table.querySelector('thead th:last-child .visually-hidden')?.textContent).toBe('Remove');
    const rows = screen.getAllByTestId('line');
    expect(rows.map((r) => r.querySelector('.n')?.textContent)).toEqual(['1', '2']);
    expect(rows.map((r) => r.dataset.key)).toEqual(['7', '9']);
    expect(rows[1].dataset.index).toBe('1');
    expect(rows[0].classList.contains('bad')).toBe(false);
    expect(rows[1].classList.contains('bad')).toBe(true);
  });

  it('puts the message of a wrong line in a row under it, spanning all but the number', () => {
    draw([{ id: 1, name: 'a', bad: true }]);
    const message = screen.getByTestId('line-error');
    expect(message.textContent).toBe('line 1 is wrong');
    expect(message.getAttribute('role')).toBe('alert');
    const row = message.closest('tr')!;
    expect(row.classList.contains('line-error-row')).toBe(true);
    expect(row.previousElementSibling).toBe(screen.getByTestId('line'));
    expect(row.querySelectorAll('td').length).toBe(2);
    expect(message.closest('td')!.getAttribute('colspan')).toBe('2');
  });

  it('shows the empty text across every column, and without a number column spans them all', () => {
    draw([]);
    expect(screen.getByText('No lines yet').getAttribute('colspan')).toBe('3');
    document.body.innerHTML = '';
    draw([{ id: 1, name: 'a', bad: true }], { numbered: false, lineErrorTestid: 'other-error' });
    expect(screen.queryByText('#')).toBeNull();
    const message = screen.getByTestId('other-error');
    expect(message.closest('tr')!.querySelectorAll('td').length).toBe(1);
    expect(message.closest('td')!.getAttribute('colspan')).toBe('2');
  });

  it('draws a bare table (for a printed sheet) when asked not to wrap it', () => {
    draw([], { wrap: false, empty: undefined, tableClass: 'items' });
    const table = screen.getByRole('table');
    expect(table.closest('.table-wrap')).toBeNull();
    expect(table.classList.contains('items')).toBe(true);
    expect(table.querySelectorAll('tbody tr').length).toBe(0);
  });

  it('draws the ISBN, title and list price of the book on a line first when given it', () => {
    draw([{ id: 1, name: 'a', bad: true }], {
      book: () => ({ isbn: '9787020002207', title: '红楼梦', listPriceFen: 5990 }),
      titleClass: 'title-col',
    });
    const table = screen.getByRole('table', { name: 'Lines' });
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim())).toEqual(['#', 'ISBN', 'Title', 'List price', 'Name', 'Remove']);
    const cells = [...screen.getByTestId('line').querySelectorAll('td')].map((td) => td.textContent);
    expect(cells).toEqual(['1', '9787020002207', '红楼梦', '¥59.90', 'a']);
    expect(screen.getByTestId('line').querySelectorAll('td')[2].classList.contains('title-col')).toBe(true);
    expect(screen.getByTestId('line-error').closest('td')!.getAttribute('colspan')).toBe('5');
  });
});
