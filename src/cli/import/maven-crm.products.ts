import type { CsvRow, Rejection } from './csv-file';
import { InvalidCell, productKey, usdAmount } from './normalise';

export const PRODUCTS_FILE = 'products.csv';
export const PRODUCTS_COLUMNS = ['product', 'series', 'sales_price'] as const;

export interface Product {
  /** The catalogue's spelling, which deals are recorded under. */
  readonly name: string;
  /** List price: a deal's expected value. */
  readonly salesPrice: string;
}

export interface Catalogue {
  /** By `productKey`, so `GTXPro` finds `GTX Pro`. */
  readonly products: Map<string, Product>;
  readonly rejected: Rejection[];
}

export function readCatalogue(rows: readonly CsvRow[]): Catalogue {
  const catalogue: Catalogue = { products: new Map(), rejected: [] };
  for (const row of rows) {
    try {
      const name = row.values.product;
      if (name === '') throw new InvalidCell('product is empty');
      if (catalogue.products.has(productKey(name))) throw new InvalidCell(`product "${name}" is listed twice`);
      catalogue.products.set(productKey(name), { name, salesPrice: usdAmount(row.values.sales_price, 'sales_price') });
    } catch (error) {
      if (!(error instanceof InvalidCell)) throw error;
      catalogue.rejected.push({ file: row.file, line: row.line, reason: error.message });
    }
  }
  return catalogue;
}
