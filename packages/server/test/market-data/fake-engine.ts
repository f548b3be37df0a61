/** A stand-in for the engine's read side: markets, currencies and settable raw depth. */
import type { CurrencyConfig, MarketConfig, Side } from '../../src/domain/index.js';
import type { DepthLevel } from '../../src/engine/types.js';
import type { MarketSource } from '../../src/app/market-data/index.js';
import { MARKET } from '../store/fixtures.js';

export const ETH: CurrencyConfig = { id: 'ETH', name: 'Ethereum', scale: 10, depositEnabled: true, withdrawEnabled: true };
export const BMX: CurrencyConfig = { id: 'BMX', name: 'BitMart', scale: 2, depositEnabled: true, withdrawEnabled: true };

export class FakeEngine implements MarketSource {
  readonly levels = new Map<string, DepthLevel[]>();
  depthCalls = 0;
  private readonly marketList: MarketConfig[];

  constructor(markets: MarketConfig[] = [MARKET], private readonly currencyList: CurrencyConfig[] = [ETH, BMX]) {
    this.marketList = markets;
  }

  setDepth(symbol: string, side: Side, levels: DepthLevel[]): void {
    this.levels.set(`${symbol}|${side}`, levels);
  }

  market(symbol: string): MarketConfig | undefined {
    return this.marketList.find((m) => m.symbol === symbol);
  }

  markets(): readonly MarketConfig[] {
    return this.marketList;
  }

  currency(id: string): CurrencyConfig | undefined {
    return this.currencyList.find((c) => c.id === id);
  }

  depth(symbol: string, side: Side, maxLevels: number): readonly DepthLevel[] {
    this.depthCalls += 1;
    return (this.levels.get(`${symbol}|${side}`) ?? []).slice(0, maxLevels);
  }
}
