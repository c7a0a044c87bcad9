// Typing into the scan box of an editor as a barcode scanner does: the text, then Enter.
import { fireEvent, screen } from '@testing-library/svelte';

export async function scan(text: string): Promise<void> {
  const input = screen.getByTestId('scan-input') as HTMLInputElement;
  await fireEvent.input(input, { target: { value: text } });
  await fireEvent.keyDown(input, { key: 'Enter' });
}
