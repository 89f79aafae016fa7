/** outbound-history (≈ 10 ms at small scale without its index) on a uniform lead id. */
import definition from '../../scenarios/outbound-history.ts';
import { withUniformParams } from './uniform.ts';

export default withUniformParams(definition);
